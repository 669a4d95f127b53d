import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './wait-for';

export interface GammuCall {
  readonly argv: readonly string[];
  readonly at: number;
  readonly pid: number;
}

/** What a test sees of a gammu stand-in: the calls it recorded, and its own cleanup. */
export interface RecordedGammu {
  /** Use as GAMMU_BIN. */
  readonly bin: string;
  /**
   * Every invocation so far, oldest first. A batch run (`… batch -`) is one call for its start,
   * then one per command line it read (connection arguments + the line's arguments), all with
   * that process's pid: count distinct pids to count gammu processes.
   */
  calls(): GammuCall[];
  /** The sendsms invocations: recipient and text as gammu received them. */
  sends(): { to: string; text: string; argv: readonly string[] }[];
  /**
   * Kills the runs that outlived their worker (e.g. a worker killed with SIGKILL mid-send),
   * waits until none is left, then deletes the stand-in's folder. Only pids whose command line
   * names that folder are touched.
   */
  remove(): Promise<void>;
}

/** The calls a stand-in in `dir` appends to calls.jsonl, and its removal, leftover runs first. */
export function gammuCallLog(dir: { readonly path: string; remove(): void }): Omit<RecordedGammu, 'bin'> {
  const callsPath = join(dir.path, 'calls.jsonl');
  const calls = (): GammuCall[] => {
    if (!existsSync(callsPath)) return [];
    return readFileSync(callsPath, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as GammuCall);
  };
  const isRunFromDir = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir.path);
    } catch {
      return false;
    }
  };
  return {
    calls,
    sends() {
      return calls()
        .filter((call) => call.argv.includes('sendsms'))
        .map(({ argv }) => {
          const at = argv.indexOf('sendsms');
          return { to: argv[at + 2] ?? '', text: argv[argv.indexOf('-text') + 1] ?? '', argv };
        });
    },
    async remove() {
      // Every run still alive, found in /proc rather than in calls.jsonl: a run that is still
      // starting has not logged its call yet, and would write into the folder being removed.
      const runsAlive = () => readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter(isRunFromDir);
      await waitFor(
        'leftover gammu runs to end',
        () => {
          const alive = runsAlive();
          for (const pid of alive) {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              // it ended on its own meanwhile
            }
          }
          return alive.length === 0;
        },
        { timeoutMs: 5_000 },
      );
      dir.remove();
    },
  };
}
