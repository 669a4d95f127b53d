import type { SmsQueue } from '@sms-gateway/queues';

/** The job states of a message not sent yet (nor finished). */
const UNSENT_STATES = ['wait', 'prioritized', 'delayed', 'active', 'waiting-children'] as const;

export interface QueueCapacityOptions {
  /** MAX_QUEUED_MESSAGES: more unsent messages than this are refused. */
  readonly max: number;
  /** How stale the count may be before the next request refreshes it. @defaultValue 1000 */
  readonly refreshMs?: number;
  readonly now?: () => number;
}

/**
 * Bounds the queue (MAX_QUEUED_MESSAGES) without a Redis round trip per request: the unsent
 * count is read with getJobCounts at most once per `refreshMs`, in the background, and what
 * this process stored since is added to it. Several API replicas may together overshoot the
 * cap by what they accept within one refresh.
 */
export class QueueCapacity {
  private unsent = 0;
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private refreshing = false;
  private readonly max: number;
  private readonly refreshMs: number;
  private readonly now: () => number;

  constructor(
    private readonly queue: Pick<SmsQueue, 'getJobCounts'>,
    { max, refreshMs = 1_000, now = Date.now }: QueueCapacityOptions,
  ) {
    this.max = max;
    this.refreshMs = refreshMs;
    this.now = now;
  }

  /** True when storing `count` more messages would take the unsent ones above the cap. */
  wouldOverflow(count: number): boolean {
    this.refreshIfStale();
    return this.unsent + count > this.max;
  }

  /** Counts messages this process has just stored, until the next refresh sees them. */
  added(count: number): void {
    this.unsent += count;
  }

  private refreshIfStale(): void {
    if (this.refreshing || this.now() - this.refreshedAt < this.refreshMs) return;
    this.refreshing = true;
    this.queue
      .getJobCounts(...UNSENT_STATES)
      .then((counts) => {
        this.unsent = Object.values(counts).reduce((sum, value) => sum + value, 0);
      })
      // Redis away: keep the last count; storing fails with 503 meanwhile anyway.
      .catch(() => undefined)
      .finally(() => {
        this.refreshedAt = this.now();
        this.refreshing = false;
      });
  }
}
