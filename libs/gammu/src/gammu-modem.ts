import type { SmsEncoding } from '@sms-gateway/contracts';
import { toBatchLine } from './batch-line';
import { BatchSession } from './batch-session';
import { findExecutable, findStdbuf } from './find-executable';
import {
  connectionArgs,
  deleteSmsCommand,
  getAllSmsCommand,
  monitorCommand,
  networkInfoCommand,
  sendSmsCommand,
  softResetCommand,
  type GammuTarget,
} from './gammu-args';
import type { NetworkStatus, SendResult } from './gammu-results';
import type { DeleteResult, StoredMessagesListing } from './stored-message';
import { parseNetworkStatus, parseSendResult, parseSignalStrength } from './parse-gammu-output';
import { parseDeleteResult, parseStoredMessages } from './parse-stored-messages';
import { runProcess, type ProcessResult, type ProcessRunner } from './run-process';

/** `batch`: one gammu process kept open for every command; `oneshot`: one process per command. */
export type GammuSessionMode = 'batch' | 'oneshot';

/** The gammu commands a modem runs, as named to `onCommandDone`. */
export type GammuCommandName = 'networkinfo' | 'monitor' | 'reset' | 'sendsms' | 'getallsms' | 'geteachsms' | 'getsms' | 'deletesms';

export interface GammuModemOptions extends GammuTarget {
  readonly bin: string;
  readonly sendTimeoutMs: number;
  readonly checkTimeoutMs: number;
  readonly allowRoaming: boolean;
  /** Ask the network for a delivery report of every SMS (`sendsms … -report`). @defaultValue false */
  readonly deliveryReports?: boolean;
  /**
   * `batch` keeps one `gammu … batch -` process open (the device is opened once); a command a
   * batch line cannot carry closes it and runs one-shot. Without `stdbuf` on the machine, batch
   * output cannot be read in time, so the modem runs one-shot. @defaultValue 'batch'
   */
  readonly session?: GammuSessionMode;
  /** The `stdbuf` program. @defaultValue looked up on PATH, then in /usr/bin, /usr/local/bin… */
  readonly stdbuf?: string;
  /** Grace between SIGTERM and SIGKILL, and for a session to end on close. @defaultValue 2000 */
  readonly killGraceMs?: number;
  /** Runs the one-shot commands; injected so tests can observe them. @defaultValue the child-process runner */
  readonly run?: ProcessRunner;
  /** Told of every finished command, whichever way it ran (e.g. to time each command). */
  readonly onCommandDone?: (command: GammuCommandName, result: ProcessResult) => void;
}

/** After these the device must be opened afresh: the modem restarted under the open session. */
const REOPEN_AFTER: ReadonlySet<GammuCommandName> = new Set(['reset']);

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

/** The result of a run that could not start, shaped as `runProcess` shapes it. */
function notFound(file: string): ProcessResult {
  const spawnError = Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' });
  return { exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false, spawnError, durationMs: 0 };
}

/**
 * One modem driven through the gammu CLI, and the only way to it: every command is serialised
 * (two gammu processes on one serial device corrupt each other), through one batch session or
 * one process per command. Results have the one-shot shape whichever way they ran, so they are
 * parsed and classified the same.
 */
export class GammuModem {
  /** How this modem runs gammu: `batch` unless asked for `oneshot` or `stdbuf` is missing. */
  readonly session: GammuSessionMode;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly run: ProcessRunner;
  private readonly stdbuf: string | undefined;
  private batch: BatchSession | undefined;

  constructor(private readonly options: GammuModemOptions) {
    this.run = options.run ?? runProcess;
    this.stdbuf = (options.session ?? 'batch') === 'batch' ? (options.stdbuf ?? findStdbuf(process.env.PATH)) : undefined;
    this.session = this.stdbuf ? 'batch' : 'oneshot';
  }

  checkNetwork(): Promise<NetworkStatus> {
    return this.command('networkinfo', networkInfoCommand(), this.options.checkTimeoutMs, (result) =>
      parseNetworkStatus(result, { allowRoaming: this.options.allowRoaming }),
    );
  }

  /** Signal strength in dBm from `gammu monitor 1`, or undefined when the modem does not say. */
  signalStrength(): Promise<number | undefined> {
    return this.command('monitor', monitorCommand(), this.options.checkTimeoutMs, parseSignalStrength);
  }

  /** `gammu reset SOFT`; the raw run, since only success matters. The next command opens the device afresh. */
  softReset(): Promise<ProcessResult> {
    return this.command('reset', softResetCommand(), this.options.checkTimeoutMs, (result) => result);
  }

  send(to: string, text: string, encoding: SmsEncoding): Promise<SendResult> {
    const report = this.options.deliveryReports ?? false;
    return this.exclusive(() => this.execute('sendsms', sendSmsCommand(to, text, encoding, { report }), this.options.sendTimeoutMs).then(parseSendResult));
  }

  /** Every message stored in the modem (`gammu getallsms`): received SMS, status reports, the rest. Never rejects for gammu's sake. */
  readStoredMessages(): Promise<StoredMessagesListing> {
    // A full SIM on a slow modem takes a while to list: the longer of the two timeouts.
    const timeoutMs = Math.max(this.options.sendTimeoutMs, this.options.checkTimeoutMs);
    return this.command('getallsms', getAllSmsCommand(), timeoutMs, parseStoredMessages);
  }

  /** Deletes one stored message (`gammu deletesms`); folder 0 takes the location `readStoredMessages` gave. */
  deleteMessage(folder: number, location: number): Promise<DeleteResult> {
    let args: string[];
    try {
      args = deleteSmsCommand(folder, location);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.command('deletesms', args, this.options.checkTimeoutMs, parseDeleteResult);
  }

  /**
   * Ends the open session, if any, after the commands already asked for: gammu closes the device
   * and exits, or is killed after the grace. Resolves once it is gone. A later command opens a new one.
   */
  close(): Promise<void> {
    return this.exclusive(() => this.endSession());
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

  /** Runs one gammu command alone on the modem and parses its result: a new command is one line here. */
  private command<T>(name: GammuCommandName, args: readonly string[], timeoutMs: number, parse: (result: ProcessResult) => T): Promise<T> {
    return this.exclusive(async () => parse(await this.execute(name, args, timeoutMs)));
  }

  private async execute(name: GammuCommandName, args: readonly string[], timeoutMs: number): Promise<ProcessResult> {
    const result = await this.runCommand(name, args, timeoutMs);
    this.options.onCommandDone?.(name, result);
    return result;
  }

  private async runCommand(name: GammuCommandName, args: readonly string[], timeoutMs: number): Promise<ProcessResult> {
    const env = gammuEnvironment();
    if (this.stdbuf) {
      const line = toBatchLine(args);
      if (line.kind === 'line') {
        const bin = findExecutable(this.options.bin, env.PATH);
        if (!bin) return notFound(this.options.bin);
        if (!this.batch?.isOpen) {
          this.batch = new BatchSession({ stdbuf: this.stdbuf, bin, args: connectionArgs(this.options), env, killGraceMs: this.options.killGraceMs });
        }
        const result = await this.batch.run(line.line, timeoutMs);
        if (REOPEN_AFTER.has(name)) await this.endSession();
        return result;
      }
      await this.endSession(); // never a one-shot run beside the open session
    }
    return this.run(this.options.bin, [...connectionArgs(this.options), ...args], {
      timeoutMs,
      env,
      ...(this.options.killGraceMs === undefined ? {} : { killGraceMs: this.options.killGraceMs }),
    });
  }

  private async endSession(): Promise<void> {
    const batch = this.batch;
    this.batch = undefined;
    await batch?.close();
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
