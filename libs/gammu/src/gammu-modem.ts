import type { SmsEncoding } from '@sms-gateway/contracts';
import { monitorArgs, networkInfoArgs, sendSmsArgs, softResetArgs, type GammuTarget } from './gammu-args';
import type { NetworkStatus, SendResult } from './gammu-results';
import { parseNetworkStatus, parseSendResult, parseSignalStrength } from './parse-gammu-output';
import { runProcess, type ProcessResult, type ProcessRunner } from './run-process';

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
/**
 * gammu reads `-text` in the process locale (with none set it stops at the first non-ASCII
 * byte) and translates its output, which the parser reads in English. So every run gets a
 * UTF-8 locale with English messages, whatever the host's locale.
 */
function gammuEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  delete env.LANGUAGE; // GNU gettext prefers LANGUAGE over LC_ALL for translated messages
  return env;
}

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
        env: gammuEnvironment(),
      });
      return parseNetworkStatus(result, { allowRoaming: this.options.allowRoaming });
    });
  }

  /** Signal strength in dBm from `gammu monitor 1`, or undefined when the modem does not say. */
  signalStrength(): Promise<number | undefined> {
    return this.exclusive(async () =>
      parseSignalStrength(await this.run(this.options.bin, monitorArgs(this.options), { timeoutMs: this.options.checkTimeoutMs, env: gammuEnvironment() })),
    );
  }

  /** `gammu reset SOFT`; the raw run, since only success matters. */
  softReset(): Promise<ProcessResult> {
    return this.exclusive(() =>
      this.run(this.options.bin, softResetArgs(this.options), { timeoutMs: this.options.checkTimeoutMs, env: gammuEnvironment() }),
    );
  }

  send(to: string, text: string, encoding: SmsEncoding): Promise<SendResult> {
    return this.exclusive(async () => {
      const result = await this.run(this.options.bin, sendSmsArgs(this.options, to, text, encoding), {
        timeoutMs: this.options.sendTimeoutMs,
        env: gammuEnvironment(),
      });
      return parseSendResult(result);
    });
  }

  /**
   * Resolves once no gammu run is in progress or queued, so that a stopping worker never
   * leaves a gammu process behind holding the modem. Each run is bounded by its timeout.
   */
  async idle(): Promise<void> {
    let current: Promise<unknown>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
