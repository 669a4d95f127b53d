import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A gammurc for gammu's dummy driver (a phone emulated in a folder), as GAMMU.md describes.
 * Returns the path of the gammurc.
 */
export function writeDummyGammurc(dir: string): string {
  const device = join(dir, 'dummy-phone');
  mkdirSync(device, { recursive: true }); // gammu answers "permission" errors when it is missing
  const path = join(dir, 'gammurc');
  writeFileSync(path, `[gammu]\ndevice = ${device}\nconnection = none\nmodel = dummy\n`);
  return path;
}
