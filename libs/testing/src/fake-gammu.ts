import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp-dir';
import { waitFor } from './wait-for';

/** What one scripted gammu run does. Steps are consumed in order; then the default applies. */
export type NetworkStep = { state: string } | { exit: number; stdout?: string } | { hang: true };
export type SendStep =
  | { ok: true; delayMs?: number }
  | { error: number; delayMs?: number }
  | { exit: number; stdout?: string; delayMs?: number }
  | { hang: true };

export interface FakeGammuScenario {
  networkinfo?: NetworkStep[];
  networkinfoDefault?: NetworkStep;
  sendsms?: SendStep[];
  sendsmsDefault?: SendStep;
  /** What `monitor 1` reports as the signal strength. @defaultValue -71 */
  signalDbm?: number;
  /** `reset SOFT` succeeds unless told to fail. */
  reset?: { exit?: number; stdout?: string }[];
  resetDefault?: { exit?: number; stdout?: string };
  /** Record the call, then run this real gammu with the same arguments. */
  passthrough?: string;
}

export interface GammuCall {
  readonly argv: readonly string[];
  readonly at: number;
  readonly pid: number;
}

export interface FakeGammu {
  /** Use as GAMMU_BIN. */
  readonly bin: string;
  /** Replaces the scenario (state counters restart). */
  script(scenario: FakeGammuScenario): void;
  /** Every invocation so far, oldest first. */
  calls(): GammuCall[];
  /** The sendsms invocations: recipient and text as gammu received them. */
  sends(): { to: string; text: string; argv: readonly string[] }[];
  /**
   * Kills runs of this fake that outlived their worker (e.g. a worker killed with SIGKILL
   * mid-send), and waits until none is left. Only pids whose command line is this fake's
   * script are touched.
   */
  killLeftoverRuns(): Promise<void>;
  remove(): void;
}

const SCRIPT = fileURLToPath(new URL('./fake-gammu/fake-gammu.mjs', import.meta.url));

/** A scripted gammu in its own folder; see fake-gammu.mjs for the exact output. */
export function createFakeGammu(scenario: FakeGammuScenario = {}): FakeGammu {
  const dir = tempDir('gammu');
  const bin = join(dir.path, 'gammu');
  copyFileSync(SCRIPT, bin); // the copy finds its scenario next to itself
  const callsPath = join(dir.path, 'calls.jsonl');
  const fake: FakeGammu = {
    bin,
    script(next) {
      writeFileSync(join(dir.path, 'scenario.json'), JSON.stringify(next));
      writeFileSync(join(dir.path, 'state.json'), JSON.stringify({ networkinfo: 0, sendsms: 0, reset: 0 }));
    },
    calls() {
      if (!existsSync(callsPath)) return [];
      return readFileSync(callsPath, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as GammuCall);
    },
    sends() {
      return fake
        .calls()
        .filter((call) => call.argv.includes('sendsms'))
        .map(({ argv }) => {
          const at = argv.indexOf('sendsms');
          return { to: argv[at + 2] ?? '', text: argv[argv.indexOf('-text') + 1] ?? '', argv };
        });
    },
    async killLeftoverRuns() {
      const isThisFake = (pid: number) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir.path);
        } catch {
          return false;
        }
      };
      // Every run still alive, found in /proc rather than in calls.jsonl: a run that is still
      // starting has not logged its call yet, and would write into the folder being removed.
      const runsAlive = () => readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter(isThisFake);
      await waitFor(
        'leftover fake gammu runs to end',
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
    remove: dir.remove,
  };
  fake.script(scenario);
  return fake;
}
