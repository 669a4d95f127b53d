import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for';

const WORKSPACE = fileURLToPath(new URL('../../../', import.meta.url));

/** One structured log line (winston JSON) printed by an app. */
export type LogLine = Record<string, unknown> & { message?: string; event?: string };

/** A built app (`dist/apps/<name>/main.js`) running as a real process. */
export interface AppProcess {
  readonly child: ChildProcess;
  /** Every JSON line it printed on stdout so far. */
  logs(): LogLine[];
  /** Everything it printed, raw. */
  output(): string;
  /** Waits for a log line matching `predicate`. */
  waitForLog(what: string, predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Sends `signal` and waits for the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code once the process ends on its own. */
  exited(): Promise<number | null>;
}

const running = new Set<AppProcess>();

/** Starts `node dist/apps/<app>/main.js` with exactly `env` added to PATH and HOME. */
export function startApp(app: 'api' | 'worker', env: Record<string, string>): AppProcess {
  const main = `${WORKSPACE}dist/apps/${app}/main.js`;
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm test builds it)`);
  const child = spawn(process.execPath, [main], {
    cwd: WORKSPACE,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let raw = '';
  const lines: LogLine[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    raw += chunk.toString();
    partial += chunk.toString();
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) {
      try {
        lines.push(JSON.parse(line) as LogLine);
      } catch {
        // not a log line
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    raw += chunk.toString();
  });
  const exit = once(child, 'exit').then(([code]) => code as number | null);

  const handle: AppProcess = {
    child,
    logs: () => [...lines],
    output: () => raw,
    waitForLog: (what, predicate, timeoutMs = 15_000) =>
      waitFor(`${app} log: ${what}\n--- ${app} output so far ---\n${raw.slice(-3000)}`, () => lines.find(predicate), { timeoutMs }),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exit;
      running.delete(handle);
      return code;
    },
    exited: () => exit,
  };
  running.add(handle);
  return handle;
}

/** Kills whatever a test left running (use in afterEach/afterAll). */
export async function stopAllApps(): Promise<void> {
  await Promise.all([...running].map((app) => app.stop('SIGKILL')));
}
