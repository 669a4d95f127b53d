import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '@sms-gateway/config';
import { loadConfigOrExit } from './exit-on-config-error';

describe('loadConfigOrExit', () => {
  afterEach(() => vi.restoreAllMocks());

  it('returns the configuration when it loads', () => {
    expect(loadConfigOrExit('api', () => ({ port: 5000 }))).toEqual({ port: 5000 });
  });

  it('prints one line naming every problem and exits 1 on a configuration error', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    loadConfigOrExit('worker', () => {
      throw new ConfigError(['PORT must be a valid port', 'SMS_API_TOKEN is required']);
    });
    expect(exit).toHaveBeenCalledWith(1);
    expect(write).toHaveBeenCalledTimes(1);
    const line = String(write.mock.calls[0]?.[0]);
    expect(line).toMatch(/^worker: invalid configuration: PORT must be a valid port; SMS_API_TOKEN is required\n$/);
  });

  it('lets any other error through', () => {
    expect(() =>
      loadConfigOrExit('api', () => {
        throw new TypeError('bug');
      }),
    ).toThrow(TypeError);
  });
});
