import type { Redis } from 'ioredis';
import { ReplicasBehindError } from './replicas-behind.error';

/**
 * Confirms that `replicas` replicas hold the writes made on one connection (Redis `WAIT`).
 *
 * `WAIT` covers every write the connection made before it, so one `WAIT` per event-loop turn
 * serves every job stored in that turn: concurrent requests share it, and throughput stays near
 * that of the unacknowledged path. It must go out on the connection that made the writes.
 */
export class ReplicaAcknowledgement {
  private nextWait: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    /** How many replicas must hold the writes (REDIS_MIN_REPLICAS_ACK, > 0). */
    private readonly replicas: number,
    /** WAIT's own timeout: after it, fewer replicas than required means ReplicasBehindError. */
    private readonly timeoutMs: number,
  ) {}

  /**
   * Resolves once the replicas hold every write this connection had completed when it was
   * called; rejects with ReplicasBehindError when they do not within `timeoutMs`, or with the
   * connection's error.
   */
  confirm(): Promise<void> {
    this.nextWait ??= new Promise<void>((resolve, reject) => {
      // After the I/O callbacks of this turn: every write that completed in it is covered.
      setImmediate(() => {
        this.nextWait = undefined;
        this.redis.wait(this.replicas, this.timeoutMs).then((confirmed) => {
          if (confirmed >= this.replicas) resolve();
          else reject(new ReplicasBehindError(this.replicas, confirmed));
        }, reject);
      });
    });
    return this.nextWait;
  }
}
