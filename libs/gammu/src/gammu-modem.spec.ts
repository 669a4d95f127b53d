import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyzeText } from '@sms-gateway/contracts';
import { GammuModem, type GammuModemOptions } from './gammu-modem';
import type { ProcessResult, ProcessRunner, RunOptions } from './run-process';

const SENT = 'Sending SMS 1/1..OK, message reference=255\n…waiting for network answer';
const HOME = 'Network state        : home network\nNetwork              : 999 99 (GammuTel, Dummy), LAC B00B, CID FACE\n';

const result = (overrides: Partial<ProcessResult> = {}): ProcessResult => ({
  exitCode: 0,
  signal: null,
  stdout: SENT,
  stderr: '',
  timedOut: false,
  durationMs: 1,
  ...overrides,
});

interface Call {
  readonly file: string;
  readonly args: readonly string[];
  readonly options: RunOptions;
  finish(value: ProcessResult): void;
  fail(error: Error): void;
}

/** A runner whose runs only end when the test says so. */
function controlledRunner() {
  const calls: Call[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const run: ProcessRunner = (file, args, options) =>
    new Promise<ProcessResult>((resolve, reject) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      const end = () => {
        running -= 1;
      };
      calls.push({
        file,
        args,
        options,
        finish: (value) => {
          end();
          resolve(value);
        },
        fail: (error) => {
          end();
          reject(error);
        },
      });
    });
  return { run, calls, mostAtOnce: () => mostAtOnce };
}

const flush = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
};

const options = (run: ProcessRunner, overrides: Partial<GammuModemOptions> = {}): GammuModemOptions => ({
  bin: '/usr/bin/gammu',
  config: '/etc/gammurc',
  sendTimeoutMs: 45_000,
  checkTimeoutMs: 20_000,
  allowRoaming: false,
  session: 'oneshot',
  run,
  ...overrides,
});

describe('GammuModem one-shot, with an injected runner', () => {
  it('runs `gammu -c FILE networkinfo` with the check timeout and parses the answer', async () => {
    const runner = controlledRunner();
    const modem = new GammuModem(options(runner.run, { section: 3 }));
    const status = modem.checkNetwork();
    await flush();
    expect(runner.calls).toHaveLength(1);
    expect(runner.calls[0]).toMatchObject({
      file: '/usr/bin/gammu',
      args: ['-c', '/etc/gammurc', '-s', '3', 'networkinfo'],
      options: { timeoutMs: 20_000 },
    });
    runner.calls[0]?.finish(result({ stdout: HOME }));
    await expect(status).resolves.toEqual({ registered: true, state: 'home network', network: 'GammuTel, Dummy' });
  });

  it('honours allowRoaming when it parses networkinfo', async () => {
    const roaming = 'Network state        : roaming network\n';
    const run: ProcessRunner = async () => result({ stdout: roaming });
    await expect(new GammuModem(options(run, { allowRoaming: false })).checkNetwork()).resolves.toMatchObject({
      registered: false,
    });
    await expect(new GammuModem(options(run, { allowRoaming: true })).checkNetwork()).resolves.toMatchObject({
      registered: true,
    });
  });

  it('runs sendsms with the send timeout and parses the answer', async () => {
    const runner = controlledRunner();
    const modem = new GammuModem(options(runner.run));
    const sent = modem.send('5511987654321', '-h', 'gsm7');
    await flush();
    expect(runner.calls[0]).toMatchObject({
      file: '/usr/bin/gammu',
      args: ['-c', '/etc/gammurc', 'sendsms', 'TEXT', '5511987654321', '-len', '2', '-text', '-h'],
      options: { timeoutMs: 45_000 },
    });
    runner.calls[0]?.finish(result());
    await expect(sent).resolves.toEqual({ kind: 'sent', references: [255], parts: 1 });
  });

  it('returns a network refusal as a typed result, not an exception', async () => {
    const stdout = 'Sending SMS 1/1....waiting for network answer..error 69, message reference=-1\nUnknown error.\n';
    const modem = new GammuModem(options(async () => result({ exitCode: 127, stdout })));
    await expect(modem.send('5511987654321', 'oi', 'gsm7')).resolves.toMatchObject({ kind: 'networkError', code: 69 });
  });

  it('serialises runs: a second send starts only after the first has finished', async () => {
    const runner = controlledRunner();
    const modem = new GammuModem(options(runner.run));
    const first = modem.send('5511987654321', 'first', 'gsm7');
    const second = modem.send('5511987654322', 'second', 'gsm7');
    await flush();
    expect(runner.calls).toHaveLength(1);
    expect(runner.calls[0]?.args.at(-1)).toBe('first');

    runner.calls[0]?.finish(result());
    await expect(first).resolves.toMatchObject({ kind: 'sent' });
    await flush();
    expect(runner.calls).toHaveLength(2);
    expect(runner.calls[1]?.args.at(-1)).toBe('second');

    runner.calls[1]?.finish(result());
    await expect(second).resolves.toMatchObject({ kind: 'sent' });
    expect(runner.mostAtOnce()).toBe(1);
  });

  it('serialises a network check and a send as well, in call order', async () => {
    const runner = controlledRunner();
    const modem = new GammuModem(options(runner.run));
    const check = modem.checkNetwork();
    const send = modem.send('5511987654321', 'oi', 'gsm7');
    const check2 = modem.checkNetwork();
    await flush();
    expect(runner.calls.map((call) => call.args.at(-1))).toEqual(['networkinfo']);

    runner.calls[0]?.finish(result({ stdout: HOME }));
    await flush();
    expect(runner.calls.map((call) => call.args.at(-1))).toEqual(['networkinfo', 'oi']);

    runner.calls[1]?.finish(result());
    await flush();
    expect(runner.calls.map((call) => call.args.at(-1))).toEqual(['networkinfo', 'oi', 'networkinfo']);
    runner.calls[2]?.finish(result({ stdout: HOME }));

    await expect(Promise.all([check, send, check2])).resolves.toHaveLength(3);
    expect(runner.mostAtOnce()).toBe(1);
  });

  it('keeps 20 concurrent callers to one gammu at a time', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const run: ProcessRunner = async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running -= 1;
      return result();
    };
    const modem = new GammuModem(options(run));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => modem.send(`55119876543${i}`, 'oi', 'gsm7')));
    expect(results.every((r) => r.kind === 'sent')).toBe(true);
    expect(mostAtOnce).toBe(1);
  });

  it('still runs the next call after a run that threw', async () => {
    const runner = controlledRunner();
    const modem = new GammuModem(options(runner.run));
    const first = modem.send('5511987654321', 'first', 'gsm7');
    const second = modem.send('5511987654322', 'second', 'gsm7');
    await flush();
    runner.calls[0]?.fail(new Error('runner broke'));
    await expect(first).rejects.toThrow('runner broke');
    await flush();
    expect(runner.calls).toHaveLength(2);
    runner.calls[1]?.finish(result());
    await expect(second).resolves.toMatchObject({ kind: 'sent' });
  });

  it('idle() resolves at once when nothing runs', async () => {
    const modem = new GammuModem(options(controlledRunner().run));
    await expect(modem.idle()).resolves.toBeUndefined();
  });

  it('idle() waits for the run in progress and every run queued behind it, even one that fails', async () => {
    const runner = controlledRunner();
    const modem = new GammuModem(options(runner.run));
    const check = modem.checkNetwork();
    const send = modem.send('5511987654321', 'oi', 'gsm7').catch(() => 'failed');
    let idle = false;
    const idling = modem.idle().then(() => {
      idle = true;
    });

    await flush();
    runner.calls[0]?.finish(result({ stdout: HOME }));
    await check;
    await flush();
    expect(idle).toBe(false);

    const late = modem.checkNetwork(); // queued while idle() is already waiting
    runner.calls[1]?.fail(new Error('runner broke'));
    await expect(send).resolves.toBe('failed');
    await flush();
    expect(idle).toBe(false);

    runner.calls[2]?.finish(result({ stdout: HOME }));
    await late;
    await idling;
    expect(idle).toBe(true);
  });

  it('tells onCommandDone of every command by name, with its run', async () => {
    const done: [string, ProcessResult][] = [];
    const runs = [result({ stdout: HOME }), result(), result({ stdout: 'Signal strength      : -71 dBm\n' }), result({ stdout: '' })];
    const modem = new GammuModem(options(async () => runs.shift() ?? result(), { onCommandDone: (command, run) => done.push([command, run]) }));
    await modem.checkNetwork();
    await modem.send('5511987654321', 'oi', 'gsm7');
    await modem.signalStrength();
    await modem.softReset();
    expect(done.map(([command]) => command)).toEqual(['networkinfo', 'sendsms', 'monitor', 'reset']);
    expect(done[1]?.[1].stdout).toBe(SENT);
  });

  it('in batch mode, sends a text a batch line cannot carry (a line break) through the one-shot runner', async () => {
    const runner = controlledRunner();
    const modem = new GammuModem(options(runner.run, { session: 'batch' }));
    expect(modem.session).toBe('batch');
    const sent = modem.send('5511987654321', 'linha 1\nlinha 2', 'gsm7');
    await flush();
    expect(runner.calls[0]?.args).toEqual(['-c', '/etc/gammurc', 'sendsms', 'TEXT', '5511987654321', '-len', '15', '-text', 'linha 1\nlinha 2']);
    runner.calls[0]?.finish(result());
    await expect(sent).resolves.toMatchObject({ kind: 'sent' });
  });

  it('refuses a number starting with "-" without running gammu, and keeps working', async () => {
    const runner = controlledRunner();
    const modem = new GammuModem(options(runner.run));
    await expect(modem.send('-h', 'oi', 'gsm7')).rejects.toThrow(RangeError);
    const next = modem.send('5511987654321', 'oi', 'gsm7');
    await flush();
    expect(runner.calls).toHaveLength(1);
    expect(runner.calls[0]?.args).not.toContain('-h');
    runner.calls[0]?.finish(result());
    await expect(next).resolves.toMatchObject({ kind: 'sent' });
  });
});

// The real gammu binary with its dummy driver: what reaches the phone must not depend on the
// locale the worker happens to run in (node:20-bookworm-slim sets no LANG, i.e. the C locale;
// a Brazilian host typically has LANG=pt_BR.UTF-8). gammu is a test prerequisite
// (npm test installs it).
describe('GammuModem with the real gammu dummy driver', () => {
  const LOCALE_VARS = ['LANG', 'LANGUAGE', 'LC_ALL', 'LC_CTYPE', 'LC_MESSAGES'] as const;
  let dir: string;
  let gammurc: string;
  let saved: Record<string, string | undefined>;

  const withLocale = (vars: Partial<Record<(typeof LOCALE_VARS)[number], string>>) => {
    for (const name of LOCALE_VARS) delete process.env[name];
    Object.assign(process.env, vars);
  };

  /**
   * A GAMMU_BIN that asks the real gammu to encode the very same command line with
   * `displaysms` instead of `sendsms`, keeps gammu's PDU dump in a file, and reports a send.
   */
  const encodingRecorder = () => {
    const out = join(dir, `pdu-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
    const bin = join(dir, `recorder-${Date.now()}-${Math.random().toString(36).slice(2)}.sh`);
    writeFileSync(
      bin,
      [
        '#!/bin/sh',
        'n=$#; i=0',
        'while [ "$i" -lt "$n" ]; do a=$1; shift; [ "$a" = sendsms ] && a=displaysms; set -- "$@" "$a"; i=$((i+1)); done',
        `gammu "$@" > '${out}' 2>&1 || exit $?`,
        'echo "Sending SMS 1/1..OK, message reference=1"',
        '',
      ].join('\n'),
    );
    chmodSync(bin, 0o755);
    return { bin, pdu: () => readFileSync(out, 'utf8') };
  };

  /** The user data gammu encoded, from `displaysms`: UCS-2 decoded, or the GSM 7-bit septet count. */
  const dataPdu = (dump: string) => /Data PDU\s*:\s*([0-9A-F]*)/.exec(dump)?.[1] ?? '';
  const ucs2Text = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gammu-modem-spec-'));
    mkdirSync(join(dir, 'phone'));
    gammurc = join(dir, 'gammurc');
    writeFileSync(gammurc, `[gammu]\ndevice = ${join(dir, 'phone')}\nconnection = none\nmodel = dummy\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(() => {
    saved = Object.fromEntries(LOCALE_VARS.map((name) => [name, process.env[name]]));
  });
  afterEach(() => {
    for (const name of LOCALE_VARS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  const modem = (bin = 'gammu') =>
    new GammuModem({ bin, config: gammurc, sendTimeoutMs: 10_000, checkTimeoutMs: 10_000, allowRoaming: false, session: 'oneshot' });

  it('sees the dummy phone registered and sends through it', async () => {
    withLocale({ LANG: 'C.UTF-8' });
    await expect(modem().checkNetwork()).resolves.toMatchObject({ registered: true, state: 'home network' });
    await expect(modem().send('5511987654321', 'oi', 'gsm7')).resolves.toEqual({ kind: 'sent', references: [255], parts: 1 });
  });

  it('sends a 400-character text as 3 parts, not cut at 160', async () => {
    withLocale({ LANG: 'C.UTF-8' });
    await expect(modem().send('5511987654321', 'a'.repeat(400), 'gsm7')).resolves.toEqual({
      kind: 'sent',
      references: [255, 255, 255],
      parts: 3,
    });
  });

  it('hands a non-ASCII text to gammu intact in a UTF-8 locale', async () => {
    withLocale({ LANG: 'C.UTF-8' });
    const text = 'Olá, sua consulta é amanhã às 9h 😀';
    const recorder = encodingRecorder();
    await expect(modem(recorder.bin).send('5511987654321', text, 'ucs2')).resolves.toMatchObject({ kind: 'sent' });
    expect(ucs2Text(dataPdu(recorder.pdu()))).toBe(text);
  });

  it('hands a non-ASCII text to gammu intact in the C locale (no LANG, as in node:20-bookworm-slim)', async () => {
    withLocale({});
    const text = 'Olá, sua consulta é amanhã às 9h 😀';
    const recorder = encodingRecorder();
    await expect(modem(recorder.bin).send('5511987654321', text, 'ucs2')).resolves.toMatchObject({ kind: 'sent' });
    expect(ucs2Text(dataPdu(recorder.pdu()))).toBe(text);
  });

  it('hands a GSM text with extension characters to gammu whole in the C locale', async () => {
    withLocale({});
    const text = 'Total: 10€ {ok}';
    const recorder = encodingRecorder();
    await modem(recorder.bin).send('5511987654321', text, 'gsm7');
    const septets = analyzeText(text).units;
    expect(dataPdu(recorder.pdu())).toHaveLength(Math.ceil((septets * 7) / 8) * 2);
  });

  it('still reads the network state when the host speaks Portuguese (LANGUAGE=pt_BR)', async () => {
    withLocale({ LANG: 'C.UTF-8', LANGUAGE: 'pt_BR' });
    await expect(modem().checkNetwork()).resolves.toMatchObject({ registered: true, state: 'home network' });
  });

  it('still reads a successful send when the host speaks Portuguese (LANGUAGE=pt_BR)', async () => {
    withLocale({ LANG: 'C.UTF-8', LANGUAGE: 'pt_BR' });
    await expect(modem().send('5511987654321', 'oi', 'gsm7')).resolves.toEqual({ kind: 'sent', references: [255], parts: 1 });
  });
});
