import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gammuCallLog, type RecordedGammu } from './gammu-call-log';
import { tempDir } from './temp-dir';

/**
 * What one scripted gammu command does, one-shot or inside a batch run alike. Steps are consumed
 * in order; then the default applies. A non-zero exit ends a batch run, as with the real gammu.
 */
export type NetworkStep = { state: string; delayMs?: number } | { exit: number; stdout?: string; delayMs?: number } | { hang: true };
export type SendStep =
  | { ok: true; delayMs?: number }
  /** `partsOk`: parts of a concatenated SMS that go out before this one is refused (of `of`, default partsOk + 1). */
  | { error: number; delayMs?: number; partsOk?: number; of?: number }
  | { exit: number; stdout?: string; delayMs?: number }
  | { hang: true };

export interface FakeGammuScenario {
  /** Opening the device: paid once per gammu process, at its first command that talks to the phone. @defaultValue 0 */
  connectMs?: number;
  networkinfo?: NetworkStep[];
  networkinfoDefault?: NetworkStep;
  sendsms?: SendStep[];
  sendsmsDefault?: SendStep;
  /** What `monitor 1` reports as the signal strength. @defaultValue -71 */
  signalDbm?: number;
  /** `reset SOFT` succeeds unless told to fail. */
  reset?: { exit?: number; stdout?: string }[];
  resetDefault?: { exit?: number; stdout?: string };
}

export interface FakeGammu extends RecordedGammu {
  /** Replaces the scenario (state counters restart). */
  script(scenario: FakeGammuScenario): void;
}

const SCRIPT = fileURLToPath(new URL('./fake-gammu/fake-gammu.mjs', import.meta.url));

/**
 * A scripted gammu in its own folder; see fake-gammu.mjs for the exact output. It knows batch
 * mode (`… batch -`, commands on stdin) and buffers its stdout as gammu's C stdio does: line by
 * line only under `stdbuf -oL`, otherwise in 4 KB blocks or at exit.
 */
export function createFakeGammu(scenario: FakeGammuScenario = {}): FakeGammu {
  const dir = tempDir('gammu');
  const bin = join(dir.path, 'gammu');
  copyFileSync(SCRIPT, bin); // the copy finds its scenario next to itself
  const fake: FakeGammu = {
    bin,
    script(next) {
      writeFileSync(join(dir.path, 'scenario.json'), JSON.stringify(next));
      writeFileSync(join(dir.path, 'state.json'), JSON.stringify({ networkinfo: 0, sendsms: 0, reset: 0 }));
    },
    ...gammuCallLog(dir),
  };
  fake.script(scenario);
  return fake;
}
