import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gammuCallLog, type RecordedGammu } from './gammu-call-log';
import { tempDir } from './temp-dir';

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
}

export interface FakeGammu extends RecordedGammu {
  /** Replaces the scenario (state counters restart). */
  script(scenario: FakeGammuScenario): void;
}

const SCRIPT = fileURLToPath(new URL('./fake-gammu/fake-gammu.mjs', import.meta.url));

/** A scripted gammu in its own folder; see fake-gammu.mjs for the exact output. */
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
