import { setTimeout as sleep } from 'node:timers/promises';

export interface SendPacerOptions {
  /** Most sends in any 60 s window; undefined means no cap. */
  readonly maxPerMinute?: number;
  /** The window of `maxPerMinute`. @defaultValue 60000 */
  readonly windowMs?: number;
  /** Least time between two sends. */
  readonly minGapMs: number;
  /** Random extra gap, as a fraction of minGapMs, so sends do not look machine-regular. @defaultValue 0.2 */
  readonly jitter?: number;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly wait?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
}

/**
 * Keeps one modem within its carrier's limits: at most `maxPerMinute` sends in any minute and
 * at least `minGapMs` (plus jitter) between sends, so the SIM is not blocked as a spammer.
 */
export class SendPacer {
  private readonly sentAt: number[] = [];
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly wait: (ms: number, signal?: AbortSignal) => Promise<unknown>;

  constructor(private readonly options: SendPacerOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.wait = options.wait ?? ((ms, signal) => sleep(ms, undefined, { signal }));
  }

  /** How long the next send must wait from now. Pure with respect to the recorded sends. */
  delayBeforeNext(): number {
    const now = this.now();
    const windowMs = this.options.windowMs ?? 60_000;
    while (this.sentAt.length && this.sentAt[0]! <= now - windowMs) this.sentAt.shift();
    let delay = 0;
    const last = this.sentAt.at(-1);
    if (last !== undefined && this.options.minGapMs > 0) {
      const gap = this.options.minGapMs * (1 + (this.options.jitter ?? 0.2) * this.random());
      delay = Math.max(delay, last + gap - now);
    }
    const cap = this.options.maxPerMinute;
    if (cap !== undefined && this.sentAt.length >= cap) {
      delay = Math.max(delay, this.sentAt[this.sentAt.length - cap]! + windowMs - now);
    }
    return Math.ceil(Math.max(0, delay));
  }

  /** Waits for this modem's turn; returns how long it waited. */
  async waitTurn(signal?: AbortSignal): Promise<number> {
    const delay = this.delayBeforeNext();
    if (delay > 0) await this.wait(delay, signal);
    return delay;
  }

  /** Call when a send was attempted (gammu ran), whatever its outcome: the network saw it. */
  recordSend(): void {
    this.sentAt.push(this.now());
  }
}
