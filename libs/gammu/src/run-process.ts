import { spawn } from 'node:child_process';
import { trackProcessGroup } from './live-process-groups';

/** What a finished child process left behind. */
export interface ProcessResult {
  /** Exit code, or null when the process was killed by a signal or never started. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when we killed it for running past `timeoutMs`. */
  readonly timedOut: boolean;
  /** Set when the executable could not be started at all (e.g. ENOENT). */
  readonly spawnError?: Error;
  readonly durationMs: number;
}

export interface RunOptions {
  readonly timeoutMs: number;
  /** Grace between SIGTERM and SIGKILL after a timeout. @defaultValue 2000 */
  readonly killGraceMs?: number;
  /** Environment of the child. @defaultValue this process's environment */
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs a program with an argument array (never a shell) and always resolves. */
export type ProcessRunner = (file: string, args: readonly string[], options: RunOptions) => Promise<ProcessResult>;

/**
 * The real runner. The child gets its own process group so that a timeout kills
 * everything it started (a wrapper script's children too), not just the top process.
 */
export const runProcess: ProcessRunner = (file, args, { timeoutMs, killGraceMs = 2000, env }) =>
  new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(file, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    const forget = trackProcessGroup(child.pid);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), killGraceMs).unref();
    }, timeoutMs);

    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      clearTimeout(timer);
      forget();
      // After a timeout the SIGKILL still goes out: something in the group may have
      // survived SIGTERM (e.g. a real gammu under a wrapper script) and would hold the modem.
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
        ...(spawnError ? { spawnError } : {}),
        durationMs: Date.now() - started,
      });
    };
    child.once('error', (error) => finish(null, null, error));
    // 'exit', not 'close': a grandchild holding the pipes open must not keep us waiting.
    child.once('exit', (code, signal) => setImmediate(() => finish(code, signal)));
  });
