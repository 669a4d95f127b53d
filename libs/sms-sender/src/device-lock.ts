import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';

/** How long a lock outlives a worker that died without releasing it. */
const LOCK_TTL_MS = 30_000;

/** Who holds a modem device. */
export interface LockHolder {
  readonly modemId: string;
  readonly host: string;
  readonly pid: number;
  readonly since: string;
}

// Renew or release only while the lock still holds our value.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A Redis lock per modem device, so two workers misconfigured for the same device never run
 * gammu on it at once: the second waits, saying who holds it. Held for the worker's lifetime
 * and renewed in the background; it lapses 30 s after a worker dies.
 */
export class DeviceLock {
  private renewTimer: NodeJS.Timeout | undefined;
  private value: string | undefined;
  readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    readonly device: string,
    private readonly modemId: string,
  ) {
    this.key = `${prefix}:device-lock:${hostname()}:${device}`;
  }

  /** Waits until the device is free and takes it; `onBusy` hears who holds it, once per holder. */
  async acquire(signal: AbortSignal, onBusy: (holder: LockHolder | undefined) => void, pollMs = 1_000): Promise<boolean> {
    const holder: LockHolder & { token: string } = {
      token: randomUUID(),
      modemId: this.modemId,
      host: hostname(),
      pid: process.pid,
      since: new Date().toISOString(),
    };
    const value = JSON.stringify(holder);
    let lastSeen: string | null = null;
    while (!signal.aborted) {
      if ((await this.redis.set(this.key, value, 'PX', LOCK_TTL_MS, 'NX')) === 'OK') {
        this.value = value;
        this.renewTimer = setInterval(() => void this.renew(), LOCK_TTL_MS / 3);
        this.renewTimer.unref();
        return true;
      }
      const current = await this.redis.get(this.key);
      if (current !== lastSeen) {
        lastSeen = current;
        onBusy(current ? (JSON.parse(current) as LockHolder) : undefined);
      }
      try {
        await sleep(pollMs, undefined, { signal });
      } catch {
        return false;
      }
    }
    return false;
  }

  private async renew(): Promise<void> {
    // A failed renewal (Redis briefly away) is retried on the next tick; the TTL leaves room.
    if (this.value) await this.redis.eval(RENEW, 1, this.key, this.value, LOCK_TTL_MS).catch(() => undefined);
  }

  async release(): Promise<void> {
    clearInterval(this.renewTimer);
    // With Redis away the lock lapses by itself (30 s): do not wait for Redis to say so.
    if (this.value && this.redis.status === 'ready') await this.redis.eval(RELEASE, 1, this.key, this.value).catch(() => undefined);
    this.value = undefined;
  }
}
