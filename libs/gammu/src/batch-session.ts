import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { trackProcessGroup } from './live-process-groups';
import { commandOutput, findBatchHeader } from './batch-output';
import type { ProcessResult } from './run-process';

export interface BatchSessionOptions {
  /** `stdbuf`, which makes gammu line-buffer its stdout (a pipe, fully buffered otherwise). */
  readonly stdbuf: string;
  readonly bin: string;
  /** What stands before `batch -`: `-c FILE [-s N]`. */
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Grace between SIGTERM and SIGKILL, after a timeout and when closing. @defaultValue 2000 */
  readonly killGraceMs?: number;
}

interface Pending {
  readonly marker: string;
  readonly startedAt: number;
  readonly firstOfRun: boolean;
  readonly timer: NodeJS.Timeout;
  timedOut: boolean;
  readonly resolve: (result: ProcessResult) => void;
}

/**
 * One `stdbuf -oL gammu … batch -` process: the device is opened at its first command and kept
 * open. Commands run one at a time (the caller serialises); each is followed by a marker line
 * `version <token>-<n>` (gammu answers "Too many parameters" and goes on, touching no phone), whose
 * header in the output marks where the command ended: a send's last line has no newline, so the
 * end is only seen when the next command starts. Any gammu error ends the process; the result
 * then carries gammu's exit code, as a one-shot run would, and the session is over.
 */
export class BatchSession {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly token = randomBytes(6).toString('hex');
  private readonly killGraceMs: number;
  private readonly decoder = new StringDecoder('utf8');
  private stdout = '';
  private stderr = '';
  private commands = 0;
  private pending: Pending | undefined;
  private exitState: { code: number | null; signal: NodeJS.Signals | null; spawnError?: Error } | undefined;
  private readonly exited: Promise<void>;

  constructor(options: BatchSessionOptions) {
    this.killGraceMs = options.killGraceMs ?? 2_000;
    this.child = spawn(options.stdbuf, ['-oL', options.bin, ...options.args, 'batch', '-'], {
      detached: true, // its own process group: a timeout kills gammu, not just stdbuf's wrapper
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env,
    });
    const forget = trackProcessGroup(this.child.pid);
    this.child.stdin.on('error', () => undefined); // EPIPE when gammu has ended; its exit says why
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.stdout += this.decoder.write(chunk);
      this.checkMarker();
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.exited = new Promise<void>((resolve) => {
      const ended = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
        if (this.exitState) return;
        forget();
        this.exitState = { code, signal, ...(spawnError ? { spawnError } : {}) };
        resolve();
      };
      this.child.once('error', (error) => ended(null, null, error));
      // The last output may still be in the pipe at 'exit': wait for 'close', but not for a
      // grandchild that holds the pipe open.
      this.child.once('exit', (code, signal) => {
        const done = () => {
          this.stdout += this.decoder.end();
          ended(code, signal);
        };
        const timer = setTimeout(done, 200);
        this.child.once('close', () => {
          clearTimeout(timer);
          done();
        });
      });
    }).then(() => this.finishOnExit());
  }

  /** The process id (also its process group id). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** False once gammu has ended (an error, a timeout kill, or close). */
  get isOpen(): boolean {
    return this.exitState === undefined;
  }

  /** Runs one batch line; always resolves, with the same shape a one-shot run gives. */
  run(line: string, timeoutMs: number): Promise<ProcessResult> {
    if (this.pending) throw new Error('a batch session runs one command at a time');
    return new Promise((resolve) => {
      const startedAt = Date.now();
      if (this.exitState) {
        resolve(this.result('', { startedAt, timedOut: false }));
        return;
      }
      this.commands += 2;
      const marker = `version ${this.token}-${this.commands}`;
      const timer = setTimeout(() => {
        if (this.pending) this.pending.timedOut = true;
        this.kill();
      }, timeoutMs);
      this.pending = { marker, startedAt, firstOfRun: this.commands === 2, timer, timedOut: false, resolve };
      this.stderr = '';
      this.child.stdin.write(`${line}\n${marker}\n`);
    });
  }

  /**
   * Ends the run: closes gammu's stdin (it then closes the device and exits 0), and kills the
   * process group when it has not exited within the grace. Resolves once the process is gone.
   */
  async close(): Promise<void> {
    if (this.exitState) return;
    this.child.stdin.end();
    if (await this.exitsWithin(this.killGraceMs)) return;
    this.kill();
    await this.exited;
  }

  private kill(): void {
    this.signalGroup('SIGTERM');
    setTimeout(() => this.signalGroup('SIGKILL'), this.killGraceMs).unref();
  }

  private signalGroup(signal: NodeJS.Signals): void {
    try {
      if (this.child.pid) process.kill(-this.child.pid, signal);
    } catch {
      // already gone
    }
  }

  private async exitsWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const exited = await Promise.race([this.exited.then(() => true as const), timeout]);
    clearTimeout(timer);
    return exited;
  }

  private checkMarker(): void {
    const pending = this.pending;
    if (!pending) return;
    const header = findBatchHeader(this.stdout, 0, pending.marker);
    if (!header) return;
    const segment = this.stdout.slice(0, header.start);
    this.stdout = this.stdout.slice(header.end);
    this.settle(pending, this.result(commandOutput(segment, pending), pending, { code: 0, signal: null }));
  }

  private finishOnExit(): void {
    const pending = this.pending;
    if (!pending) return;
    const segment = this.stdout;
    this.stdout = '';
    this.settle(pending, this.result(commandOutput(segment, pending), pending));
  }

  private settle(pending: Pending, result: ProcessResult): void {
    clearTimeout(pending.timer);
    this.pending = undefined;
    this.stderr = '';
    pending.resolve(result);
  }

  private result(
    stdout: string,
    { startedAt, timedOut }: { readonly startedAt: number; readonly timedOut: boolean },
    ended: { code: number | null; signal: NodeJS.Signals | null; spawnError?: Error } | undefined = this.exitState,
  ): ProcessResult {
    return {
      exitCode: ended?.code ?? null,
      signal: ended?.signal ?? null,
      stdout,
      stderr: this.stderr,
      timedOut,
      ...(ended?.spawnError ? { spawnError: ended.spawnError } : {}),
      durationMs: Date.now() - startedAt,
    };
  }
}
