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
  /** Every invocation so far, oldest first. */
  calls(): GammuCall[];
  /** The sendsms invocations: recipient and text as gammu received them. */
  sends(): { to: string; text: string; argv: readonly string[] }[];
  /**
   * Kills runs that outlived their worker (e.g. a worker killed with SIGKILL mid-send), and
   * waits until none is left. Only pids whose command line names this stand-in's folder are touched.
   */
  killLeftoverRuns(): Promise<void>;
  remove(): void;
}

/** Reads the calls.jsonl a stand-in in `dir` appends to, and finds its runs still alive. */
export function gammuCallLog(dir: string): Pick<RecordedGammu, 'calls' | 'sends' | 'killLeftoverRuns'> {
  const callsPath = join(dir, 'calls.jsonl');
  const calls = (): GammuCall[] => {
    if (!existsSync(callsPath)) return [];
    return readFileSync(callsPath, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as GammuCall);
  };
  const isRunFromDir = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
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
    async killLeftoverRuns() {
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
    },
  };
}
