import { isIP, isIPv6 } from 'node:net';

export interface AuthFailureLimiterOptions {
  /** Failures in one window after which the address is refused. @defaultValue 20 */
  readonly maxFailures?: number;
  /** The window, from an address's first failure. @defaultValue 60000 */
  readonly windowMs?: number;
  /** Addresses tracked at once; the oldest is forgotten first. @defaultValue 100000 */
  readonly maxTracked?: number;
  readonly now?: () => number;
}

interface Window {
  readonly startedAt: number;
  failures: number;
}

/**
 * The address a failure is counted against: IPv4 as it is (an IPv4-mapped IPv6 address as its
 * IPv4 form), IPv6 by its /64, the smallest block one client usually holds.
 */
export function limiterKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return mapped;
  // Not an address (garbage in a believed X-Forwarded-For): bounded, so it cannot grow memory.
  if (!isIP(address)) return address.slice(0, 64);
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.replace(/%.*$/, '').toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * Slows down token guessing: after `maxFailures` failed authentications from one address
 * within `windowMs` of its first, that address is refused (429) until the window ends.
 * Kept in this process: each API replica counts on its own.
 */
export class AuthFailureLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxTracked: number;
  private readonly now: () => number;

  constructor({ maxFailures = 20, windowMs = 60_000, maxTracked = 100_000, now = Date.now }: AuthFailureLimiterOptions = {}) {
    this.maxFailures = maxFailures;
    this.windowMs = windowMs;
    this.maxTracked = maxTracked;
    this.now = now;
  }

  /** Seconds until `address` may try again, or 0 when it may now. */
  retryAfterSeconds(address: string): number {
    if (this.windows.size === 0) return 0; // the usual case, kept cheap: it runs on every request
    const window = this.current(limiterKey(address));
    if (!window || window.failures < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - this.now()) / 1000));
  }

  /** Counts one failed authentication from `address`. */
  recordFailure(address: string): void {
    const key = limiterKey(address);
    const window = this.current(key);
    if (window) {
      window.failures++;
      return;
    }
    if (this.windows.size >= this.maxTracked) this.windows.delete(this.windows.keys().next().value as string);
    this.windows.set(key, { startedAt: this.now(), failures: 1 });
  }

  private current(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window && this.now() >= window.startedAt + this.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}
