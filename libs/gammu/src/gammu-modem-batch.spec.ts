import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeGammu, createGammuRecorder, waitFor, writeDummyGammurc, type FakeGammu } from '@sms-gateway/testing';
import { GammuModem, type GammuCommandName, type GammuModemOptions } from './gammu-modem';
import type { ProcessResult } from './run-process';

const modems: GammuModem[] = [];
afterEach(async () => {
  await Promise.all(modems.splice(0).map((modem) => modem.close()));
});

interface Done {
  readonly command: GammuCommandName;
  readonly result: ProcessResult;
}

function batchModem(options: Pick<GammuModemOptions, 'bin' | 'config'> & Partial<GammuModemOptions>) {
  const done: Done[] = [];
  const modem = new GammuModem({
    sendTimeoutMs: 10_000,
    checkTimeoutMs: 10_000,
    allowRoaming: false,
    session: 'batch',
    killGraceMs: 500,
    onCommandDone: (command, result) => done.push({ command, result }),
    ...options,
  });
  modems.push(modem);
  return { modem, done };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// What reaches the phone, checked with gammu itself: a wrapper turns every `sendsms` (a batch
// line, or a one-shot argument) into `displaysms`, which makes the real gammu encode the very
// same message and print its PDU; the test decodes the UCS-2 user data back to text.
describe('GammuModem in batch mode, on the real gammu dummy driver', () => {
  let dir: string;
  let gammurc: string;
  let bin: string;
  let runsLog: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gammu-modem-batch-spec-'));
    gammurc = writeDummyGammurc(dir);
    runsLog = join(dir, 'runs.log');
    bin = join(dir, 'gammu-display.sh');
    writeFileSync(
      bin,
      [
        '#!/bin/sh',
        `echo "start $$" >> '${runsLog}'`,
        'case " $* " in',
        `  *" batch "*) sed -u 's/^sendsms /displaysms /' | gammu "$@"; code=$? ;;`,
        '  *) n=$#; i=0',
        '     while [ "$i" -lt "$n" ]; do a=$1; shift; [ "$a" = sendsms ] && a=displaysms; set -- "$@" "$a"; i=$((i+1)); done',
        '     gammu "$@"; code=$? ;;',
        'esac',
        `echo "end $$" >> '${runsLog}'`,
        'exit $code',
        '',
      ].join('\n'),
    );
    chmodSync(bin, 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await Promise.all(modems.splice(0).map((modem) => modem.close())); // its gammu logs its end first
    rmSync(runsLog, { force: true });
  });

  const runs = () => readFileSync(runsLog, 'utf8').trim().split('\n');
  const starts = () => runs().filter((line) => line.startsWith('start')).length;
  /** The texts gammu encoded, one per sendsms, from the UCS-2 user data of every part. */
  const textsEncoded = (done: readonly Done[]) =>
    done
      .filter((entry) => entry.command === 'sendsms')
      .map(({ result }) => {
        const hex = [...result.stdout.matchAll(/Data PDU\s*:\s*([0-9A-F]*)/g)].map((match) => match[1]).join('');
        return Buffer.from(hex, 'hex').swap16().toString('utf16le');
      });

  it('hands texts with spaces, each quote kind, accents, emoji and a leading "-" to gammu exactly, through one gammu process', async () => {
    const { modem, done } = batchModem({ bin, config: gammurc });
    const texts = ['oi tudo bem', "it's ok", 'say "hi"', 'Olá, sua consulta é amanhã às 9h', 'emoji 😀 👍🏽', '-h', '-unicode', '  dois  espaços  '];
    for (const text of texts) await modem.send('5511999990001', text, 'ucs2');
    expect(textsEncoded(done)).toEqual(texts);
    expect(done.every(({ result }) => result.exitCode === 0)).toBe(true);
    expect(starts()).toBe(1);
  });

  it('sends what a batch line cannot carry (a line break, both quotes, 1,600 UCS-2 characters) one-shot, exactly, with never two gammu at once', async () => {
    // A generous grace: a session killed for a slow exit would not log its end.
    const { modem, done } = batchModem({ bin, config: gammurc, killGraceMs: 5_000 });
    const long = 'ação 😀 '.repeat(200); // 1,600 UTF-16 units, over 2,000 bytes on a line
    const texts = ['antes', 'linha 1\nlinha 2', `it's "both"`, long, 'depois'];
    for (const text of texts) await modem.send('5511999990001', text, 'ucs2');
    expect(textsEncoded(done)).toEqual(texts);
    // session, three one-shot runs, then a new session: each ended before the next started
    expect(starts()).toBe(5);
    const log = runs();
    const pidsInOrder = log.filter((line) => line.startsWith('start')).map((line) => line.split(' ')[1]);
    expect(log).toEqual([...pidsInOrder.slice(0, -1).flatMap((pid) => [`start ${pid}`, `end ${pid}`]), `start ${pidsInOrder.at(-1)}`]);
  });
});

describe('GammuModem in batch mode, process count (real gammu behind the recorder)', () => {
  let recorder: ReturnType<typeof createGammuRecorder>;
  afterEach(async () => {
    await Promise.all(modems.splice(0).map((modem) => modem.close()));
    await recorder.remove();
  });

  it('opens gammu once for a steady stream of sends and checks, and tells onCommandDone of each', async () => {
    recorder = createGammuRecorder();
    const { modem, done } = batchModem({ bin: recorder.bin, config: recorder.gammurc });
    expect(modem.session).toBe('batch');
    await expect(modem.checkNetwork()).resolves.toMatchObject({ registered: true });
    for (let i = 0; i < 30; i += 1) {
      await expect(modem.send(`55119999900${String(i).padStart(2, '0')}`, `mensagem ${i}`, 'gsm7')).resolves.toEqual({
        kind: 'sent',
        references: [255],
        parts: 1,
      });
    }
    await expect(modem.signalStrength()).resolves.toSatisfy((dbm) => dbm === undefined || typeof dbm === 'number');
    expect(new Set(recorder.calls().map((call) => call.pid)).size).toBe(1);
    expect(recorder.sends().map((send) => send.text)).toEqual(Array.from({ length: 30 }, (_, i) => `mensagem ${i}`));
    expect(done.map((entry) => entry.command)).toEqual(['networkinfo', ...Array<string>(30).fill('sendsms'), 'monitor']);
  });

  it('close() ends the gammu process; the next command opens a new one', async () => {
    recorder = createGammuRecorder();
    const { modem } = batchModem({ bin: recorder.bin, config: recorder.gammurc });
    await modem.checkNetwork();
    const [first] = recorder.calls();
    await modem.close();
    expect(isAlive(first!.pid)).toBe(false);
    await expect(modem.checkNetwork()).resolves.toMatchObject({ registered: true });
    expect(new Set(recorder.calls().map((call) => call.pid)).size).toBe(2);
  });

  it('with session "oneshot", runs one gammu per command', async () => {
    recorder = createGammuRecorder();
    const { modem } = batchModem({ bin: recorder.bin, config: recorder.gammurc, session: 'oneshot' });
    expect(modem.session).toBe('oneshot');
    await modem.checkNetwork();
    await modem.send('5511999990001', 'oi', 'gsm7');
    expect(recorder.calls().map((call) => call.argv.at(2))).toEqual(['networkinfo', 'sendsms']);
    expect(new Set(recorder.calls().map((call) => call.pid)).size).toBe(2);
  });
});

// Faults inside a session: classified exactly as in one-shot mode, and the next command opens a new session.
describe('GammuModem in batch mode, faults (gammu stand-in)', () => {
  let fake: FakeGammu;
  afterEach(async () => {
    await Promise.all(modems.splice(0).map((modem) => modem.close()));
    await fake.remove();
  });
  const pids = () => [...new Set(fake.calls().map((call) => call.pid))];

  it('a send refused with error 69 is a networkError 69; the next send opens a new session and goes out', async () => {
    fake = createFakeGammu({ sendsms: [{ error: 69 }] });
    const { modem } = batchModem({ bin: fake.bin, config: 'rc' });
    await expect(modem.send('5511999990001', 'oi', 'gsm7')).resolves.toMatchObject({ kind: 'networkError', code: 69 });
    await expect(modem.send('5511999990001', 'oi', 'gsm7')).resolves.toMatchObject({ kind: 'sent', references: [2], parts: 1 });
    expect(pids()).toHaveLength(2);
  });

  it('a hung send is killed at the send timeout (a timeout result); its process is gone and the next command opens a new session', async () => {
    fake = createFakeGammu({ sendsms: [{ hang: true }] });
    const { modem } = batchModem({ bin: fake.bin, config: 'rc', sendTimeoutMs: 1_000 });
    await modem.checkNetwork(); // the stand-in is a Node script: let it start before the timed send
    const started = Date.now();
    await expect(modem.send('5511999990001', 'oi', 'gsm7')).resolves.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
    const [hung] = pids();
    await waitFor('the hung gammu to be gone', () => !isAlive(hung!), { timeoutMs: 3_000 });
    await expect(modem.send('5511999990001', 'de novo', 'gsm7')).resolves.toMatchObject({ kind: 'sent' });
    expect(pids()).toHaveLength(2);
  });

  it('a device error is a deviceError with gammu’s exit code, and a failed check is not registered', async () => {
    fake = createFakeGammu({ sendsms: [{ exit: 104 }], networkinfo: [{ exit: 103, stdout: 'Error opening device. Device locked.' }] });
    const { modem } = batchModem({ bin: fake.bin, config: 'rc' });
    await expect(modem.checkNetwork()).resolves.toEqual({
      registered: false,
      state: 'network check failed (exit 103): Error opening device. Device locked.',
    });
    await expect(modem.send('5511999990001', 'oi', 'gsm7')).resolves.toEqual({
      kind: 'deviceError',
      exitCode: 104,
      detail: "Error opening device, it doesn't exist.",
    });
  });

  it('opens the device afresh after a soft reset', async () => {
    fake = createFakeGammu();
    const { modem } = batchModem({ bin: fake.bin, config: 'rc' });
    await modem.checkNetwork();
    await expect(modem.softReset()).resolves.toMatchObject({ exitCode: 0 });
    await modem.checkNetwork();
    expect(pids()).toHaveLength(2);
  });

  it('pays the connection cost once per session, not per command', async () => {
    fake = createFakeGammu({ connectMs: 1_000 }); // well above what a busy machine adds to a command
    const { modem, done } = batchModem({ bin: fake.bin, config: 'rc' });
    for (let i = 0; i < 4; i += 1) await modem.send('5511999990001', 'oi', 'gsm7');
    expect(done[0]?.result.durationMs).toBeGreaterThanOrEqual(1_000);
    expect(done.slice(1).map(({ result }) => result.durationMs < 1_000)).toEqual([true, true, true]);
    expect(pids()).toHaveLength(1);
  });

  it('a gammu that does not exist is "cannot run gammu", as in one-shot mode', async () => {
    fake = createFakeGammu();
    const { modem } = batchModem({ bin: '/nonexistent/bin/gammu', config: 'rc' });
    await expect(modem.send('5511999990001', 'oi', 'gsm7')).resolves.toEqual({
      kind: 'unknown',
      detail: 'cannot run gammu: spawn /nonexistent/bin/gammu ENOENT',
    });
  });
});
