import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeDummyGammurc } from './dummy-gammurc';

/** English output in UTF-8, whatever the host's locale (as the worker runs gammu). */
const GAMMU_ENV = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };

/** The `device =` folder of a dummy gammurc written by `writeDummyGammurc`. */
function deviceOf(gammurc: string): string {
  const device = /^device\s*=\s*(.+)$/m.exec(readFileSync(gammurc, 'utf8'))?.[1]?.trim();
  return device ?? join(dirname(gammurc), 'dummy-phone');
}

/** Runs the real `gammu savesms` into the inbox; returns the locations it saved (one per part). */
function saveSms(gammurc: string, args: readonly string[]): number[] {
  const out = execFileSync('gammu', ['-c', gammurc, 'savesms', 'TEXT', '-folder', '1', ...args], { encoding: 'utf8', env: GAMMU_ENV });
  return [...out.matchAll(/Saved in folder number 1 "[^"]*", location (\d+)/g)].map((match) => Number(match[1]));
}

/**
 * Puts a received SMS into the dummy driver's inbox with the real gammu (GAMMU.md, "Reading
 * messages"): `-len` makes a long text a concatenated SMS of several parts. Returns the
 * driver's locations of its parts.
 */
export function plantReceivedSms(gammurc: string, { from, text, unicode = false }: { from: string; text: string; unicode?: boolean }): number[] {
  return saveSms(gammurc, ['-unread', '-sender', from, ...(unicode ? ['-unicode'] : []), '-len', String(Math.max(text.length, 1)), '-text', text]);
}

/**
 * Puts a delivery report into the dummy driver's inbox as GAMMU.md shows: an SMS saved with
 * the status word as its text, turned into `PDU = Status_Report` with the message reference.
 * gammu then prints `Delivery status : <word>`.
 */
export function plantStatusReport(
  gammurc: string,
  { recipient, reference, status }: { recipient: string; reference: number; status: 'Delivered' | 'Failed' | 'Pending' | 'Unknown' },
): number {
  // Made in a scratch phone and moved into this one in one rename: a worker reading the modem
  // meanwhile never sees the plain SMS it starts as.
  const scratch = mkdtempSync(join(tmpdir(), 'status-report-'));
  try {
    const scratchRc = writeDummyGammurc(scratch);
    const [saved] = saveSms(scratchRc, ['-unread', '-sender', recipient, '-text', status]);
    if (saved === undefined) throw new Error('gammu savesms saved nothing');
    const backup = readFileSync(join(deviceOf(scratchRc), 'sms', '1', String(saved)), 'utf8')
      .replace(/^PDU = .*$/m, 'PDU = Status_Report')
      .replace(/^MessageReference = .*$/m, `MessageReference = ${reference}`);
    const inbox = join(deviceOf(gammurc), 'sms', '1');
    mkdirSync(inbox, { recursive: true });
    let location = 1;
    while (existsSync(join(inbox, String(location)))) location += 1;
    const staged = join(inbox, `.planting-${process.pid}`);
    writeFileSync(staged, backup);
    renameSync(staged, join(inbox, String(location)));
    return location;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Puts an unreadable file where the dummy driver keeps inbox message `location` (gammu stops listing there). */
export function plantCorruptEntry(gammurc: string, location: number): void {
  writeFileSync(join(deviceOf(gammurc), 'sms', '1', String(location)), 'not a gammu backup\n[x\n');
}
