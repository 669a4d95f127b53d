import { setTimeout as sleep } from 'node:timers/promises';
import type { NetworkStatus } from '@sms-gateway/gammu';

export interface ReadinessGateOptions {
  /** Runs `gammu networkinfo`. */
  readonly checkNetwork: () => Promise<NetworkStatus>;
  /** How long a good check is trusted. */
  readonly ttlMs: number;
  /** Wait between checks while the modem is not registered. */
  readonly pollMs: number;
  readonly now?: () => number;
  /** Injected by tests. @defaultValue node's abortable timer */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<unknown>;
}

/**
 * Knows whether the modem is registered, re-checking with `networkinfo` only when the
 * last good answer is older than the TTL (each gammu run costs seconds on a USB modem).
 */
export class ReadinessGate {
  private lastGoodAt: number | undefined;
  /** When the modem last answered "not registered" (each check costs seconds on a USB modem). */
  private lastBadAt: number | undefined;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<unknown>;

  constructor(private readonly options: ReadinessGateOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms, signal) => sleep(ms, undefined, { signal }));
  }

  /** The cached verdict while fresh, otherwise a new network check. */
  async check(): Promise<NetworkStatus & { cached: boolean }> {
    if (this.lastGoodAt !== undefined && this.now() - this.lastGoodAt < this.options.ttlMs) {
      return { registered: true, state: 'home network', cached: true };
    }
    const status = await this.options.checkNetwork();
    this.lastGoodAt = status.registered ? this.now() : undefined;
    this.lastBadAt = status.registered ? undefined : this.now();
    return { ...status, cached: false };
  }

  /** Forget the last good check, e.g. after a device error: the next send re-checks. */
  invalidate(): void {
    this.lastGoodAt = undefined;
  }

  /**
   * Polls until the modem is registered; `onStillWaiting` sees each negative answer.
   * Resolves false when aborted.
   */
  async waitUntilRegistered(
    signal: AbortSignal,
    onStillWaiting: (status: NetworkStatus) => void = () => undefined,
  ): Promise<NetworkStatus | undefined> {
    while (!signal.aborted) {
      // After a "not registered" answer the next check comes pollMs later, whoever asked.
      const sinceBad = this.lastBadAt === undefined ? Infinity : this.now() - this.lastBadAt;
      if (sinceBad < this.options.pollMs) {
        try {
          await this.sleep(this.options.pollMs - sinceBad, signal);
        } catch {
          return undefined;
        }
        if (signal.aborted) return undefined;
      }
      const status = await this.check();
      if (status.registered) return status;
      onStillWaiting(status);
    }
    return undefined;
  }
}
