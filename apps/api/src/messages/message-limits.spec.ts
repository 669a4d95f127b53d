import { describe, expect, it } from 'vitest';
import { isTooFarAhead, MAX_SEND_AHEAD_MS } from './message-limits';

describe('isTooFarAhead', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  it.each([
    [undefined, false],
    [new Date(now + MAX_SEND_AHEAD_MS), false],
    [new Date(now + MAX_SEND_AHEAD_MS + 1), true],
    [new Date(now - 1_000), false],
    [new Date('2031-01-01T00:00:00Z'), true],
  ] as const)('%s → %s', (sendAt, tooFar) => {
    expect(isTooFarAhead(sendAt, now)).toBe(tooFar);
  });
});
