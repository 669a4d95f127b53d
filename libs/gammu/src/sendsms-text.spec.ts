import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SmsEncoding } from '@sms-gateway/contracts';
import { tempDir, writeDummyGammurc } from '@sms-gateway/testing';
import { sendSmsCommand } from './gammu-args';

const dirs: { remove: () => void }[] = [];
afterAll(() => dirs.forEach((dir) => dir.remove()));

/** The text of a message the dummy driver stored: its `TextNN` lines, UTF-16BE in hex (read as is, nothing trimmed). */
function storedText(file: string): string {
  const hex = [...readFileSync(file, 'utf8').matchAll(/^Text\d+ = ([0-9A-F]*)$/gm)].map((match) => match[1]).join('');
  return Buffer.from(hex, 'hex').swap16().toString('utf16le');
}

/**
 * What the real gammu makes of the `sendsms` arguments: the same arguments given to `savesms`
 * (gammu builds the message with the same code for both) store the SMS in the dummy driver,
 * where it is read back. The dummy driver keeps nothing it sends.
 */
function textGammuBuilds(text: string, encoding: SmsEncoding): string {
  const dir = tempDir('sendsms-text');
  dirs.push(dir);
  const gammurc = writeDummyGammurc(dir.path);
  const send = sendSmsCommand('5511999990001', text, encoding);
  const options = send.slice(3).filter((arg) => arg !== '-report');
  execFileSync('gammu', ['-c', gammurc, 'savesms', 'TEXT', '-folder', '1', '-unread', '-sender', '+5511999990001', ...options], {
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
  });
  const inbox = join(dir.path, 'dummy-phone', 'sms', '1');
  const parts = readdirSync(inbox).sort((a, b) => Number(a) - Number(b));
  return parts.map((part) => storedText(join(inbox, part))).join('');
}

// gammu drops one line feed at the very end of -text: a text must still reach the phone exactly as given.
describe('sendsms: the text gammu builds is the text given', () => {
  it.each<{ what: string; text: string; encoding: SmsEncoding }>([
    { what: 'a text ending with a line feed', text: 'linha\n', encoding: 'gsm7' },
    { what: 'a text ending with two line feeds', text: 'a\n\n', encoding: 'gsm7' },
    { what: 'a text ending with CR LF', text: 'ok\r\n', encoding: 'gsm7' },
    { what: 'a Unicode text ending with a line feed', text: 'ação 😀\n', encoding: 'ucs2' },
    { what: 'a text that is one line feed', text: '\n', encoding: 'gsm7' },
    { what: 'a text with a line break inside', text: 'a\nb', encoding: 'gsm7' },
    { what: 'a long text ending with a line feed (a concatenated SMS)', text: `${'x'.repeat(300)}\n`, encoding: 'gsm7' },
  ])('$what', ({ text, encoding }) => {
    expect(textGammuBuilds(text, encoding)).toBe(text);
  });
});
