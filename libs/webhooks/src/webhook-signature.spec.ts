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
});
