import type { SmsEncoding } from '@sms-gateway/contracts';
import { networkInfoArgs, sendSmsArgs, type GammuTarget } from './gammu-args';
import type { NetworkStatus, SendResult } from './gammu-results';
import { parseNetworkStatus, parseSendResult } from './parse-gammu-output';
import { runProcess, type ProcessRunner } from './run-process';

export interface GammuModemOptions extends GammuTarget {
  readonly bin: string;
  readonly sendTimeoutMs: number;
  readonly checkTimeoutMs: number;
  readonly allowRoaming: boolean;
  /** Injected so tests can observe runs; defaults to the real child-process runner. */
  readonly run?: ProcessRunner;
}

/**
 * One modem driven through the gammu CLI. Runs are serialised: two gammu processes
 * on one serial device corrupt each other.
 */
export class GammuModem {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly run: ProcessRunner;

  constructor(private readonly options: GammuModemOptions) {
    this.run = options.run ?? runProcess;
  }

  checkNetwork(): Promise<NetworkStatus> {
    return this.exclusive(async () => {
      const result = await this.run(this.options.bin, networkInfoArgs(this.options), {
        timeoutMs: this.options.checkTimeoutMs,
      });
      return parseNetworkStatus(result, { allowRoaming: this.options.allowRoaming });
    });
  }

  send(to: string, text: string, encoding: SmsEncoding): Promise<SendResult> {
    return this.exclusive(async () => {
      const result = await this.run(this.options.bin, sendSmsArgs(this.options, to, text, encoding), {
        timeoutMs: this.options.sendTimeoutMs,
      });
      return parseSendResult(result);
    });
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
