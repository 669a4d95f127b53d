import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhook-signature';

const SECRET = 'a-webhook-secret-of-32-characters';
const BODY = '{"id":"d1","type":"message.sent"}';
const NOW = 1_800_000_000_000;

describe('webhook signatures', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256, as the README tells receivers to check', () => {
    const expected = createHmac('sha256', SECRET).update(`1800000000.${BODY}`).digest('hex');
    expect(signWebhook(SECRET, BODY, 1_800_000_000)).toBe(`t=1800000000,v1=${expected}`);
  });

  it('verifies a fresh signature and refuses a tampered body, another secret or an old timestamp', () => {
    const header = signWebhook(SECRET, BODY, NOW / 1000);
    expect(verifyWebhook(SECRET, BODY, header, { now: NOW })).toBe(true);
    expect(verifyWebhook(SECRET, BODY.replace('sent', 'failed'), header, { now: NOW })).toBe(false);
    expect(verifyWebhook('another-secret-of-32-characters!', BODY, header, { now: NOW })).toBe(false);
    expect(verifyWebhook(SECRET, BODY, header, { now: NOW + 301_000 })).toBe(false);
    expect(verifyWebhook(SECRET, BODY, 'garbage', { now: NOW })).toBe(false);
  });

  const fresh = signWebhook(SECRET, BODY, NOW / 1000);
  const mac = fresh.split('v1=')[1] ?? '';
  it.each<[string, unknown]>([
    ['no header at all', undefined],
    ['null', null],
    ['a number', 42],
    ['an array of headers (a repeated header)', [fresh, fresh]],
    ['an empty header', ''],
    ['commas only', ',,,'],
    ['no v1', `t=${NOW / 1000}`],
    ['no t', `v1=${mac}`],
    ['an empty v1', `t=${NOW / 1000},v1=`],
    ['a v1 that is not hex', `t=${NOW / 1000},v1=${'z'.repeat(64)}`],
    ['a v1 of odd length', `t=${NOW / 1000},v1=${mac.slice(1)}`],
    ['a v1 one byte short', `t=${NOW / 1000},v1=${mac.slice(2)}`],
    ['a v1 one byte long', `t=${NOW / 1000},v1=${mac}00`],
    ['a v1 with hex and then garbage', `t=${NOW / 1000},v1=${mac.slice(0, 32)}${'g'.repeat(32)}`],
    ['a t that is not a number', `t=now,v1=${mac}`],
    ['a t in exponent notation', `t=1.8e9,v1=${mac}`],
    ['a negative t', `t=-${NOW / 1000},v1=${mac}`],
    ['keys without =', 't,v1'],
    ['prototype keys', `__proto__=1,constructor=2,toString=3,t=${NOW / 1000},v1=${mac}x`],
    ['a megabyte of junk', 'x='.repeat(500_000)],
  ])('returns false, never throws, for %s', (_label, header) => {
    expect(verifyWebhook(SECRET, BODY, header as string, { now: NOW })).toBe(false);
  });

  it('accepts its parts in either order, but only the gateway\'s own formats', () => {
    expect(verifyWebhook(SECRET, BODY, `v1=${mac},t=${NOW / 1000}`, { now: NOW })).toBe(true);
    expect(verifyWebhook(SECRET, BODY, `t=${NOW / 1000},v1=${mac.toUpperCase()}`, { now: NOW })).toBe(false);
  });
});
