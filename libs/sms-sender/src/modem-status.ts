import type { Redis } from 'ioredis';
import { modemKeys, type ModemStatusRecord } from '@sms-gateway/contracts';

/**
 * This worker's modem status: updated as things happen, published every interval (and at once
 * on a change of state) so operators see each modem's health in one place.
 */
export class ModemStatus {
  private record: Omit<ModemStatusRecord, 'updatedAt'>;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    identity: { modemId: string; host: string; pid: number; intervalMs: number },
  ) {
    this.record = {
      ...identity,
      state: 'starting',
      registered: false,
      sent: 0,
      failed: 0,
      consecutiveNetworkRefusals: 0,
      resets: 0,
      startedAt: new Date().toISOString(),
    };
  }

  get current(): Readonly<Omit<ModemStatusRecord, 'updatedAt'>> {
    return this.record;
  }

  update(change: Partial<Omit<ModemStatusRecord, 'modemId' | 'host' | 'pid' | 'startedAt' | 'intervalMs'>>): void {
    const stateChanged = change.state !== undefined && change.state !== this.record.state;
    this.record = { ...this.record, ...change };
    if (stateChanged) void this.publish();
  }

  start(): void {
    void this.publish();
    this.timer = setInterval(() => void this.publish(), this.record.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.record = { ...this.record, state: 'stopped' };
    await this.publish();
  }

  /** Best effort: a heartbeat lost while Redis is away is replaced by the next one. */
  async publish(): Promise<void> {
    // Not queued while Redis is known to be away (a stopping worker must not wait for it); one
    // made while the connection is still opening goes out as soon as it is open.
    if (this.redis.status === 'end' || this.redis.status === 'close' || this.redis.status === 'reconnecting') return;
    const keys = modemKeys(this.prefix);
    const value = JSON.stringify({ ...this.record, updatedAt: new Date().toISOString() } satisfies ModemStatusRecord);
    await this.redis
      .multi()
      .sadd(keys.set, this.record.modemId)
      .set(keys.record(this.record.modemId), value, 'PX', 7 * 24 * 60 * 60 * 1000)
      .exec()
      .catch(() => undefined);
  }
}
