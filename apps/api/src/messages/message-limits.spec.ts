import { describe, expect, it } from 'vitest';
import { hasAllowedPrefix, isTooFarAhead, MAX_SEND_AHEAD_MS } from './message-limits';

describe('hasAllowedPrefix', () => {
  it.each([
    ['+5511987654321', ['+55', '55'], true],
    ['5511987654321', ['+55', '55'], true],
    ['11987654321', ['+55', '55'], false],
    ['+15551234567', ['+55', '55'], false],
    ['+5511987654321', ['55'], false], // "+55…" does not start with "55"
    ['+900123456', [], true], // no list: any number
    ['0800123456', ['0800'], true],
  ] as const)('%s with %j → %s', (number, prefixes, allowed) => {
    expect(hasAllowedPrefix(number, prefixes)).toBe(allowed);
  });
});

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
