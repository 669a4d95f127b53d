import { describe, expect, it } from 'vitest';
import { parseHostPorts } from './host-ports';

describe('parseHostPorts', () => {
  it.each([
    ['127.0.0.1:26379', [{ host: '127.0.0.1', port: 26379 }]],
    ['s1:26379,s2:26380', [{ host: 's1', port: 26379 }, { host: 's2', port: 26380 }]],
    [' sentinel-1.internal:26379 , sentinel-2.internal:26379 ', [{ host: 'sentinel-1.internal', port: 26379 }, { host: 'sentinel-2.internal', port: 26379 }]],
    ['[::1]:26379', [{ host: '::1', port: 26379 }]],
    ['s1:65535', [{ host: 's1', port: 65535 }]],
  ])('reads %j', (list, expected) => {
    expect(parseHostPorts(list)).toEqual(expected);
  });

  it.each(['s1', 's1:', ':26379', 's1:0', 's1:65536', 's1:26379,', 's1:26379,,s2:26379', 'redis://s1:26379', '::1:26379', 's1:port', 's 1:26379'])(
    'refuses %j',
    (list) => {
      expect(parseHostPorts(list)).toBeUndefined();
    },
  );
});
