import type { Redis } from 'ioredis';
import { ReplicasBehindError } from './replicas-behind.error';

interface Batch {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/**
 * Confirms that `replicas` replicas hold the writes made on one connection (Redis `WAIT`).
 *
 * `WAIT` covers every write the connection made before it, so one `WAIT` serves every job stored
 * since the previous one: concurrent requests share it, and throughput stays near that of the
 * unacknowledged path. It must go out on the connection that made the writes.
 *
 * At most one `WAIT` is in flight: a `WAIT` blocks its connection until it returns, and the
 * commands a refusal sends (the withdrawal) must not queue behind a second one.
 */
export class ReplicaAcknowledgement {
  private next: Batch | undefined;
  private waiting = false;

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
    if (!this.next) {
      this.next = newBatch();
      if (!this.waiting) this.schedule();
    }
    return this.next.promise;
  }

  /** After the callbacks of this turn (and what their settling sends): every write they made is covered. */
  private schedule(): void {
    setImmediate(() => this.flush());
  }

  private flush(): void {
    const batch = this.next;
    if (!batch) return;
    this.next = undefined;
    this.waiting = true;
    this.redis
      .wait(this.replicas, this.timeoutMs)
      .then((confirmed) => {
        if (confirmed >= this.replicas) batch.resolve();
        else batch.reject(new ReplicasBehindError(this.replicas, confirmed));
      }, batch.reject)
      .finally(() => {
        this.waiting = false;
        if (this.next) this.schedule();
      });
  }
}
