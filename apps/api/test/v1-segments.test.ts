import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmsEncoding } from '@sms-gateway/contracts';
import { sendSmsArgs } from '@sms-gateway/gammu';
import { tempDir, writeDummyGammurc } from '@sms-gateway/testing';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const run = promisify(execFile);

/** Texts where counting parts is easy to get wrong: part edges, escape pairs, surrogate pairs. */
const GSM_ALPHABET = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const HARD_TEXTS: readonly [string, string][] = [
  ['160 letters', 'a'.repeat(160)],
  ['161 letters', 'a'.repeat(161)],
  ['306 letters', 'a'.repeat(306)],
  ['307 letters', 'a'.repeat(307)],
  ['1,600 letters', 'a'.repeat(1600)],
  ['80 escape pairs', '{'.repeat(80)],
  ['80 escape pairs and a letter', `${'€'.repeat(80)}a`],
  ['"{" × 153', '{'.repeat(153)],
  ['"a" × 152, "{", "a" × 152', `${'a'.repeat(152)}{${'a'.repeat(152)}`],
  ['"a" × 151, "{", "a" × 153', `${'a'.repeat(151)}{${'a'.repeat(153)}`],
  ['every escape character, 60 times', '^{}\\[~]|€'.repeat(60)],
  ['800 escape pairs', ']'.repeat(800)],
  ['the GSM alphabet, 6 times', GSM_ALPHABET.repeat(6)],
  ['70 non-GSM letters', 'ã'.repeat(70)],
  ['71 non-GSM letters', 'ã'.repeat(71)],
  ['134 non-GSM letters', 'ã'.repeat(134)],
  ['135 non-GSM letters', 'ã'.repeat(135)],
  ['35 emoji', '😀'.repeat(35)],
  ['35 emoji and a letter', `${'😀'.repeat(35)}a`],
  ['an emoji across the first part edge', `${'ã'.repeat(66)}😀${'ã'.repeat(66)}`],
  ['an emoji at the end of the first part', `${'ã'.repeat(65)}😀${'ã'.repeat(67)}`],
  ['1,600 emoji', '😀'.repeat(1600)],
  ['letters and emoji mixed', 'Olá 👋🏽 tudo bem? '.repeat(60)],
];

/** How many SMS the real gammu sends for this text, run with the worker's own arguments. */
async function partsGammuSends(gammurc: string, text: string, encoding: SmsEncoding): Promise<number> {
  const { stdout } = await run('gammu', sendSmsArgs({ config: gammurc }, '123', text, encoding), { maxBuffer: 1 << 20 });
  const counts = [...stdout.matchAll(/Sending SMS (\d+)\/(\d+)/g)].map((match) => Number(match[2]));
  if (counts.length === 0) throw new Error(`gammu printed no "Sending SMS i/N":\n${stdout}`);
  return counts[0] ?? 0;
}

describe('segments (POST /v1/messages) against the real gammu', () => {
  let api: TestApi;
  let dir: ReturnType<typeof tempDir>;
  let gammurc: string;
  beforeAll(async () => {
    api = await startTestApi();
    dir = tempDir('segments');
    gammurc = writeDummyGammurc(dir.path);
  });
  afterAll(async () => {
    await api.close();
    dir.remove();
  });

  it.each(HARD_TEXTS)('%s: the 202 says as many parts as gammu sends', async (_name, text) => {
    const answer = await api.post('/v1/messages', { to: '5511999990001', text }, { authorization: `Bearer ${TOKEN}` });
    expect(answer.status).toBe(202);
    const encoding = answer.json.encoding as SmsEncoding;
    expect(answer.json.segments).toBe(await partsGammuSends(gammurc, text, encoding));
  });
});
