import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDeleteResult, parseGammuDate, parseStoredMessages } from './parse-stored-messages';
import type { ProcessResult } from './run-process';

/**
 * `getallsms-fixtures/*.txt` are the stdout of the real gammu 1.42 (`-c FILE getallsms`) with
 * the dummy driver, after planting messages with `gammu savesms` (and status reports as
 * GAMMU.md shows); `corrupt-*` have an unreadable file in the driver's folder, so gammu stops
 * with "File format not supported by Gammu." and exit 136.
 */
const fixture = (name: string) => readFileSync(new URL(`./getallsms-fixtures/${name}.txt`, import.meta.url), 'utf8');
const run = (stdout: string, overrides: Partial<ProcessResult> = {}): ProcessResult => ({
  exitCode: 0,
  signal: null,
  stdout,
  stderr: '',
  timedOut: false,
  durationMs: 40,
  ...overrides,
});
const THREE_PARTS = Array.from({ length: 40 }, (_, i) => `Parte ${String(i).padStart(3, '0')}. `).join('').slice(0, 400);

describe('parseStoredMessages (captured from the real gammu dummy driver)', () => {
  it('reads an empty memory as complete and empty', () => {
    expect(parseStoredMessages(run(fixture('empty')))).toEqual({ messages: [], complete: true });
  });

  it('reads a received SMS: location, sender, network time and text', () => {
    expect(parseStoredMessages(run(fixture('single')))).toEqual({
      complete: true,
      messages: [
        { kind: 'received', location: 10001, folder: 'Inbox', from: '+5511988887777', sentAt: '2026-12-06T06:59:56.000Z', text: 'SAIR' },
      ],
    });
  });

  it('reads each part of a concatenated SMS with its id, part number and total; joined they give the text', () => {
    const { messages, complete } = parseStoredMessages(run(fixture('three-parts')));
    expect(complete).toBe(true);
    expect(messages.map((m) => (m.kind === 'received' ? [m.location, m.concatenation] : m.kind))).toEqual([
      [10001, { reference: 241, part: 1, total: 3 }],
      [10002, { reference: 241, part: 2, total: 3 }],
      [10003, { reference: 241, part: 3, total: 3 }],
    ]);
    expect(messages.map((m) => (m.kind === 'received' ? m.text : '')).join('')).toBe(THREE_PARTS);
  });

  it('reads a national sender number as given', () => {
    const { messages } = parseStoredMessages(run(fixture('two-parts')));
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatchObject({ kind: 'received', from: '11988887777', concatenation: { reference: 242, part: 1, total: 2 } });
    expect(messages.map((m) => (m.kind === 'received' ? m.text : '')).join('')).toBe(`${'x'.repeat(150)} fim da mensagem longa com dezesseis bits`);
  });

  it('keeps a Unicode text with line breaks, a blank line and a line that looks like a header; an empty text; leaves a sent copy alone', () => {
    const { messages, complete } = parseStoredMessages(run(fixture('unicode-empty-outbox')));
    expect(complete).toBe(true);
    expect(messages[0]).toMatchObject({ kind: 'received', location: 10001, text: 'Olá, confirmo! 😀\nlinha 2\n\nLocation 3' });
    expect(messages[1]).toMatchObject({ kind: 'received', location: 10002, text: '' });
    expect(messages[2]).toMatchObject({ kind: 'unknown', location: 20001, reason: 'not a received SMS (folder "Outbox")' });
    expect(messages).toHaveLength(3);
  });

  it('reads status reports: recipient, reference, delivered / failed / pending / unknown and the detail', () => {
    const { messages } = parseStoredMessages(run(fixture('status-reports')));
    expect(messages.map((m) => (m.kind === 'statusReport' ? [m.location, m.recipient, m.reference, m.status, m.detail] : m.kind))).toEqual([
      [10001, '+5511988887777', 255, 'delivered', 'SM received by the SME'],
      [10002, '+5511988887777', 7, 'failed', 'SM received by the SME'],
      [10003, '+5511988887777', 8, 'pending', 'SM received by the SME'],
      [10004, '+5511988887777', 9, 'unknown', 'SM received by the SME'],
    ]);
    expect(messages[0]).toMatchObject({ reportedAt: expect.stringMatching(/^2026-12-06T07:00:0\d\.000Z$/) });
  });

  it('keeps the entries read before gammu stopped at an unreadable one, and says why', () => {
    const listing = parseStoredMessages(run(fixture('corrupt-after-message'), { exitCode: 136 }));
    expect(listing.complete).toBe(false);
    expect(listing.problem).toBe('gammu getallsms exited with 136: File format not supported by Gammu.');
    expect(listing.messages.map((m) => (m.kind === 'received' ? [m.from, m.text] : m.kind))).toEqual([
      ['+5511988887777', 'SAIR'],
      ['+5511988887778', 'Oi'],
    ]);
    const reports = parseStoredMessages(run(fixture('corrupt-entry'), { exitCode: 136 }));
    expect(reports.messages.map((m) => m.kind)).toEqual(['statusReport', 'statusReport', 'statusReport', 'statusReport']);
  });
});

describe('parseStoredMessages (shapes only real modems print, from gammu/helper/message-display.c)', () => {
  const deliver = [
    'Location 3, folder "Inbox", SIM memory, Inbox folder',
    'SMS message',
    'SMSC number          : "+551181000000" (set for reply)',
    'Sent                 : Wed Nov 25 10:00:00 2026 -0300',
    'Coding               : Unicode (no compression)',
    'Remote number        : "+5511988887777"',
    'Status               : Read',
    'User Data Header     : Concatenated (linked) message, ID (16 bit) 4660, part 2 of 2',
    '',
    'Sim, confirmo',
    '',
    '',
    '',
    '1 SMS parts in 1 SMS sequences',
    '',
  ].join('\n');

  it.each<[string, string, Partial<ProcessResult>, unknown]>([
    [
      'a delivered SMS with SMSC number, a local offset and a 16-bit concatenation id',
      deliver,
      {},
      {
        complete: true,
        messages: [
          {
            kind: 'received',
            location: 3,
            folder: 'Inbox',
            from: '+5511988887777',
            sentAt: '2026-11-25T13:00:00.000Z',
            text: 'Sim, confirmo',
            concatenation: { reference: 4660, part: 2, total: 2 },
          },
        ],
      },
    ],
    [
      'a binary (8-bit) SMS is left alone',
      deliver.replace('Unicode (no compression)', '8-bit'),
      {},
      { complete: true, messages: [expect.objectContaining({ kind: 'unknown', location: 3, reason: 'binary (8-bit) SMS' })] },
    ],
    [
      'an entry gammu cannot read is left alone',
      'Location 4, folder "Inbox", SIM memory, Inbox folder\nUnknown PDU type: 0x7\n\n\n\n1 SMS parts in 1 SMS sequences\n',
      {},
      { complete: true, messages: [expect.objectContaining({ kind: 'unknown', location: 4, reason: 'not an SMS gammu can read (Unknown PDU type: 0x7)' })] },
    ],
    [
      'a received SMS without a number is left alone',
      deliver.replace('Remote number        : "+5511988887777"\n', ''),
      {},
      { complete: true, messages: [expect.objectContaining({ kind: 'unknown', reason: 'received SMS without a sender' })] },
    ],
    [
      'a status report without a reference is left alone',
      'Location 5, folder "Inbox", SIM memory, Inbox folder\nSMS status report\nStatus               : UnRead\nRemote number        : "+5511988887777"\nDelivery status      : Delivered\n\n\n\n1 SMS parts in 1 SMS sequences\n',
      {},
      { complete: true, messages: [expect.objectContaining({ kind: 'unknown', location: 5 })] },
    ],
    [
      'a run cut off by its timeout never yields its last entry, which may be half a text',
      deliver.split('\n').slice(0, 10).join('\n'),
      { timedOut: true, exitCode: null, signal: 'SIGTERM', durationMs: 20_000 },
      {
        complete: false,
        problem: 'gammu getallsms timed out after 20000 ms',
        messages: [{ kind: 'unknown', location: 3, reason: 'the listing was cut off in this entry', raw: '' }],
      },
    ],
    [
      'a device that cannot be opened gives no entries and gammu\'s reason',
      "Error opening device, it doesn't exist.\n",
      { exitCode: 104 },
      { complete: false, problem: "gammu getallsms exited with 104: Error opening device, it doesn't exist.", messages: [] },
    ],
    ['gammu that cannot start gives no entries', '', { exitCode: null, spawnError: new Error('spawn gammu ENOENT') }, { complete: false, problem: 'cannot run gammu: spawn gammu ENOENT', messages: [] }],
    ['garbage is no entry', 'what is this\n\n', {}, { complete: false, problem: 'gammu getallsms ended without its summary line', messages: [] }],
  ])('%s', (_, stdout, overrides, expected) => {
    expect(parseStoredMessages(run(stdout, overrides))).toEqual(expected);
  });
});

describe('parseGammuDate', () => {
  it.each<[string, string | undefined]>([
    ['Sun Dec  6 04:31:19 2026 +0000', '2026-12-06T04:31:19.000Z'],
    ['Wed Nov 25 10:00:00 2026 -0300', '2026-11-25T13:00:00.000Z'],
    ['Wed Nov 25 10:00:00 2026 +0530', '2026-11-25T04:30:00.000Z'],
    ['Wed Nov 25 10:00:00 2026', '2026-11-25T10:00:00.000Z'],
    ['', undefined],
    ['yesterday', undefined],
  ])('%j → %j', (text, expected) => {
    expect(parseGammuDate(text)).toBe(expected);
  });
});

describe('parseDeleteResult', () => {
  it.each<[Partial<ProcessResult>, unknown]>([
    [{ exitCode: 0 }, { kind: 'deleted' }],
    [{ exitCode: 122, stdout: 'Empty entry.\n' }, { kind: 'failed', detail: 'gammu deletesms exited with 122: Empty entry.' }],
    [{ exitCode: null, timedOut: true, durationMs: 20_000 }, { kind: 'failed', detail: 'gammu deletesms timed out after 20000 ms' }],
  ])('%j → %j', (overrides, expected) => {
    expect(parseDeleteResult(run('', overrides))).toEqual(expected);
  });
});
