import { describe, expect, it } from 'vitest';
import { parseNetworkStatus, parseSendResult } from './parse-gammu-output';
import type { ProcessResult } from './run-process';

const run = (overrides: Partial<ProcessResult>): ProcessResult => ({
  exitCode: 0,
  signal: null,
  stdout: '',
  stderr: '',
  timedOut: false,
  durationMs: 35,
  ...overrides,
});

// Captured from gammu 1.42.0 with the dummy driver (`sendsms TEXT 123 -len N -text …`).
const DUMMY_SENT_ONE = 'Sending SMS 1/1..OK, message reference=255\n…waiting for network answer';
const DUMMY_SENT_THREE =
  '400 / 0\n' +
  'Sending SMS 1/3..OK, message reference=255\n…waiting for network answer' +
  'Sending SMS 2/3..OK, message reference=255\n…waiting for network answer' +
  'Sending SMS 3/3..OK, message reference=255\n…waiting for network answer';
const DUMMY_STDERR = 'If you want break, press Ctrl+C…\n';

// Captured from gammu 1.42.0 with the dummy driver (`networkinfo`).
const DUMMY_NETWORKINFO = [
  'Network state        : home network',
  'Network              : 999 99 (GammuTel, Dummy), LAC B00B, CID FACE',
  'Name in phone        : "GammuT3l"',
  'Packet network state : home network',
  'Packet network       : 999 99 (GammuTel, Dummy), LAC BEEF, CID DEAD',
  'Name in phone        : "GammuT3l"',
  'GPRS                 : attached',
  '',
].join('\n');

const networkinfo = (state: string) =>
  `Network state        : ${state}\nNetwork              : 724 05 (Claro BR), LAC 1A2B, CID 3C4D\n`;

describe('parseSendResult', () => {
  it('reads a one-part send from the dummy driver as sent, with its message reference', () => {
    expect(parseSendResult(run({ stdout: DUMMY_SENT_ONE, stderr: DUMMY_STDERR }))).toEqual({
      kind: 'sent',
      references: [255],
      parts: 1,
    });
  });

  it('reads a 3-part concatenated send as sent, with one reference per part', () => {
    expect(parseSendResult(run({ stdout: DUMMY_SENT_THREE, stderr: DUMMY_STDERR }))).toEqual({
      kind: 'sent',
      references: [255, 255, 255],
      parts: 3,
    });
  });

  it('keeps distinct references in part order, as a real modem gives them', () => {
    const stdout =
      'Sending SMS 1/2....waiting for network answer..OK, message reference=17\n' +
      'Sending SMS 2/2....waiting for network answer..OK, message reference=18\n';
    expect(parseSendResult(run({ stdout }))).toEqual({ kind: 'sent', references: [17, 18], parts: 2 });
  });

  it('reads "error 69, message reference=-1" with exit 127 as a network error with code 69', () => {
    const result = parseSendResult(
      run({
        exitCode: 127,
        stdout: 'Sending SMS 1/1....waiting for network answer..error 69, message reference=-1\nUnknown error.\n',
        stderr: DUMMY_STDERR,
      }),
    );
    expect(result).toMatchObject({ kind: 'networkError', code: 69 });
    if (result.kind === 'networkError') expect(result.detail).not.toBe('');
  });

  it.each([38, 41, 42, 500])('reads other network codes (%i) with their own code', (code) => {
    const stdout = `Sending SMS 1/1....waiting for network answer..error ${code}, message reference=-1\nUnknown error.\n`;
    expect(parseSendResult(run({ exitCode: 127, stdout }))).toMatchObject({ kind: 'networkError', code });
  });

  it('reads a refusal of a later part of a multipart send as a network error', () => {
    const stdout =
      'Sending SMS 1/3....waiting for network answer..OK, message reference=12\n' +
      'Sending SMS 2/3....waiting for network answer..error 42, message reference=-1\nUnknown error.\n';
    expect(parseSendResult(run({ exitCode: 127, stdout }))).toMatchObject({
      kind: 'networkError',
      code: 42,
      partsSent: { sent: 1, of: 3, references: [12] },
    });
  });

  it('says no part went out when the first part of a multipart send is refused', () => {
    const stdout = 'Sending SMS 1/3....waiting for network answer..error 69, message reference=-1\nUnknown error.\n';
    expect(parseSendResult(run({ exitCode: 127, stdout }))).not.toHaveProperty('partsSent');
  });

  it('counts the parts that went out before a multipart send timed out', () => {
    const stdout = 'Sending SMS 1/2....waiting for network answer..OK, message reference=7\nSending SMS 2/2';
    expect(parseSendResult(run({ exitCode: null, signal: 'SIGTERM', timedOut: true, durationMs: 45_000, stdout }))).toEqual({
      kind: 'timeout',
      afterMs: 45_000,
      partsSent: { sent: 1, of: 2, references: [7] },
    });
  });

  it('reads exit 104 "Error opening device, it doesn\'t exist." as a device error', () => {
    expect(
      parseSendResult(run({ exitCode: 104, stdout: "Error opening device, it doesn't exist.\n", stderr: '' })),
    ).toEqual({ kind: 'deviceError', exitCode: 104, detail: "Error opening device, it doesn't exist." });
  });

  it('reads exit 103 (device locked) as a device error with that exit code', () => {
    const stdout = 'Error opening device. Device locked.\n';
    expect(parseSendResult(run({ exitCode: 103, stdout }))).toMatchObject({ kind: 'deviceError', exitCode: 103 });
  });

  it('falls back to stderr for the detail when stdout is empty', () => {
    expect(parseSendResult(run({ exitCode: 114, stdout: '', stderr: 'No response in specified timeout.\n' }))).toEqual({
      kind: 'deviceError',
      exitCode: 114,
      detail: 'No response in specified timeout.',
    });
  });

  it('reads exit 127 without a network code as a device error, not a network error', () => {
    expect(parseSendResult(run({ exitCode: 127, stdout: 'Sending SMS 1/1\nUnknown error.\n' }))).toMatchObject({
      kind: 'deviceError',
      exitCode: 127,
    });
  });

  it('reads a run we killed for taking too long as a timeout, whatever it printed', () => {
    expect(
      parseSendResult(run({ exitCode: null, signal: 'SIGTERM', timedOut: true, durationMs: 45_012, stdout: 'Sending SMS 1/1' })),
    ).toEqual({ kind: 'timeout', afterMs: 45_012 });
  });

  it('reads a gammu that could not be started as unknown, saying why', () => {
    const spawnError = Object.assign(new Error('spawn gammu ENOENT'), { code: 'ENOENT' });
    const result = parseSendResult(run({ exitCode: null, spawnError }));
    expect(result.kind).toBe('unknown');
    if (result.kind === 'unknown') expect(result.detail).toContain('ENOENT');
  });

  it('reads a gammu killed by a signal (not by us) as unknown, naming the signal', () => {
    const result = parseSendResult(run({ exitCode: null, signal: 'SIGKILL', stdout: 'Sending SMS 1/1' }));
    expect(result.kind).toBe('unknown');
    if (result.kind === 'unknown') expect(result.detail).toContain('SIGKILL');
  });
});

describe('parseNetworkStatus', () => {
  it('reads the dummy driver as registered on its home network, with the operator name', () => {
    expect(parseNetworkStatus(run({ stdout: DUMMY_NETWORKINFO }), { allowRoaming: false })).toEqual({
      registered: true,
      state: 'home network',
      network: 'GammuTel, Dummy',
    });
  });

  it.each([
    ['home network', false, true],
    ['home network', true, true],
    ['roaming network', false, false],
    ['roaming network', true, true],
    ['not logged into network', false, false],
    ['not logged into network', true, false],
    ['searching for network', false, false],
    ['searching for network', true, false],
    ['registration to network denied', false, false],
    ['registration to network denied', true, false],
    ['unknown', false, false],
    ['unknown', true, false],
  ])('"%s" with allowRoaming=%s → registered=%s', (state, allowRoaming, registered) => {
    expect(parseNetworkStatus(run({ stdout: networkinfo(state) }), { allowRoaming })).toEqual({
      registered,
      state,
      network: 'Claro BR',
    });
  });

  it('goes by the circuit-switched state, not the packet one', () => {
    const stdout = 'Network state        : searching for network\nPacket network state : home network\n';
    expect(parseNetworkStatus(run({ stdout }), { allowRoaming: true })).toMatchObject({
      registered: false,
      state: 'searching for network',
    });
  });

  it('is not registered when gammu printed no network state at all', () => {
    expect(parseNetworkStatus(run({ stdout: 'GPRS : detached\n' }), { allowRoaming: true })).toMatchObject({
      registered: false,
    });
  });

  it('is not registered when networkinfo exits non-zero, and says why', () => {
    const status = parseNetworkStatus(
      run({ exitCode: 104, stdout: "Error opening device, it doesn't exist.\n" }),
      { allowRoaming: true },
    );
    expect(status.registered).toBe(false);
    expect(status.state).toContain('104');
    expect(status.state).toContain("Error opening device, it doesn't exist.");
  });

  it('is not registered when a non-zero exit still printed "home network"', () => {
    const status = parseNetworkStatus(run({ exitCode: 114, stdout: DUMMY_NETWORKINFO }), { allowRoaming: true });
    expect(status.registered).toBe(false);
  });

  it('is not registered when the check timed out, and says so', () => {
    const status = parseNetworkStatus(
      run({ exitCode: null, signal: 'SIGTERM', timedOut: true, durationMs: 20_003, stdout: DUMMY_NETWORKINFO }),
      { allowRoaming: true },
    );
    expect(status.registered).toBe(false);
    expect(status.state).toMatch(/timed out/);
  });

  it('is not registered when gammu could not be started', () => {
    const status = parseNetworkStatus(
      run({ exitCode: null, spawnError: new Error('spawn gammu ENOENT') }),
      { allowRoaming: true },
    );
    expect(status.registered).toBe(false);
    expect(status.state).toContain('ENOENT');
  });

  it('is not registered when gammu was killed by a signal', () => {
    const status = parseNetworkStatus(run({ exitCode: null, signal: 'SIGKILL' }), { allowRoaming: true });
    expect(status.registered).toBe(false);
    expect(status.state).toContain('SIGKILL');
  });
});
