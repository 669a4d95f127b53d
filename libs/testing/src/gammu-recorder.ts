import { chmodSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDummyGammurc } from './dummy-gammurc';
import { gammuCallLog, type RecordedGammu } from './gammu-call-log';
import { tempDir } from './temp-dir';

const SCRIPT = fileURLToPath(new URL('./gammu-recorder/gammu-recorder.pl', import.meta.url));

/**
 * The real gammu on its dummy driver, behind a recorder: every call is logged like the fake's,
 * and gammu itself answers. Use `gammurc` as GAMMU_CONFIG: it lives in the recorder's folder,
 * so `remove()` finds (and kills) the gammu runs left behind too.
 */
export function createGammuRecorder(): RecordedGammu & { readonly gammurc: string } {
  const dir = tempDir('gammu-recorder');
  const bin = join(dir.path, 'gammu');
  copyFileSync(SCRIPT, bin); // the copy logs its calls next to itself
  chmodSync(bin, 0o755);
  return { bin, gammurc: writeDummyGammurc(dir.path), ...gammuCallLog(dir) };
}
