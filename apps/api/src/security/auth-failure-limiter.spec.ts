import { describe, expect, it } from 'vitest';
import { AuthFailureLimiter, limiterKey } from './auth-failure-limiter';

function limiterAt(start = 1_000_000) {
  const clock = { now: start };
  return { clock, limiter: new AuthFailureLimiter({ now: () => clock.now }) };
}

describe('AuthFailureLimiter', () => {
  it('lets an address fail 20 times in a minute, then refuses it until the minute is over', () => {
    const { clock, limiter } = limiterAt();
    for (let i = 0; i < 20; i++) {
      expect(limiter.retryAfterSeconds('203.0.113.7'), `before failure ${i + 1}`).toBe(0);
      limiter.recordFailure('203.0.113.7');
      clock.now += 1_000;
    }
    // 20 s into the window: refused for the remaining 40 s.
    expect(limiter.retryAfterSeconds('203.0.113.7')).toBe(40);
    clock.now += 39_500;
    expect(limiter.retryAfterSeconds('203.0.113.7')).toBe(1);
    clock.now += 500;
    expect(limiter.retryAfterSeconds('203.0.113.7')).toBe(0);
  });

  it('counts each address on its own', () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < 20; i++) limiter.recordFailure('203.0.113.7');
    expect(limiter.retryAfterSeconds('203.0.113.7')).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds('203.0.113.8')).toBe(0);
  });

  it('forgets failures older than a minute', () => {
    const { clock, limiter } = limiterAt();
    for (let i = 0; i < 19; i++) limiter.recordFailure('203.0.113.7');
    clock.now += 60_000;
    limiter.recordFailure('203.0.113.7');
    expect(limiter.retryAfterSeconds('203.0.113.7')).toBe(0);
  });

  it('counts an IPv4-mapped address as its IPv4 form, and IPv6 addresses by their /64', () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < 10; i++) limiter.recordFailure('::ffff:203.0.113.7');
    for (let i = 0; i < 10; i++) limiter.recordFailure('203.0.113.7');
    expect(limiter.retryAfterSeconds('203.0.113.7')).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) limiter.recordFailure(`2001:db8:1:2::${i.toString(16)}`);
    expect(limiter.retryAfterSeconds('2001:db8:1:2:ffff::1')).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds('2001:db8:1:3::1')).toBe(0);
  });

  it('tracks a bounded number of addresses, forgetting the oldest', () => {
    const clock = { now: 0 };
    const limiter = new AuthFailureLimiter({ maxTracked: 2, maxFailures: 1, now: () => clock.now });
    limiter.recordFailure('198.51.100.1');
    limiter.recordFailure('198.51.100.2');
    limiter.recordFailure('198.51.100.3');
    expect(limiter.retryAfterSeconds('198.51.100.1')).toBe(0);
    expect(limiter.retryAfterSeconds('198.51.100.3')).toBeGreaterThan(0);
  });
});

describe('limiterKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['x'.repeat(4_000), 'x'.repeat(64)],
  ])('%s → %s', (address, key) => {
    expect(limiterKey(address)).toBe(key);
  });
});
