import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeGammu, waitFor, writeDummyGammurc, type FakeGammu } from '@sms-gateway/testing';
import { BatchSession } from './batch-session';
import { runProcess } from './run-process';

const STDBUF = '/usr/bin/stdbuf';
const env = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };

/** True while `pid` exists and is not a zombie. */
function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return true;
}

const sessions: BatchSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
});
const open = (bin: string, args: string[], killGraceMs = 500) => {
  const session = new BatchSession({ stdbuf: STDBUF, bin, args, env, killGraceMs });
  sessions.push(session);
  return session;
};

// What a session returns must be what a one-shot run of the same command returns, so the
// parsers classify both the same.
describe('BatchSession on the real gammu dummy driver', () => {
  let dir: string;
  let gammurc: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'batch-session-spec-'));
    gammurc = writeDummyGammurc(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers networkinfo and sendsms with the very stdout and exit code of a one-shot run, one process for all', async () => {
    const session = open('gammu', ['-c', gammurc]);
    const commands = [
      ['networkinfo'],
      ['sendsms', 'TEXT', '5511999990001', '-len', '2', '-text', 'oi'],
      ['networkinfo'],
    ];
    for (const [i, args] of commands.entries()) {
      const line = args.join(' ');
      const batch = await session.run(line, 10_000);
      const oneShot = await runProcess('gammu', ['-c', gammurc, ...args], { timeoutMs: 10_000, env });
      expect({ i, exitCode: batch.exitCode, stdout: batch.stdout, timedOut: batch.timedOut }).toEqual({
        i,
        exitCode: oneShot.exitCode,
        stdout: oneShot.stdout,
        timedOut: false,
      });
      expect(session.isOpen).toBe(true);
    }
  });

  it('ends on a device error with gammu’s exit code and message, as a one-shot run', async () => {
    const missing = join(dir, 'missing-device.rc');
    writeFileSync(missing, '[gammu]\ndevice = /nonexistent/ttyUSB9\nconnection = at\n');
    const session = open('gammu', ['-c', missing]);
    const batch = await session.run('networkinfo', 10_000);
    const oneShot = await runProcess('gammu', ['-c', missing, 'networkinfo'], { timeoutMs: 10_000, env });
    expect(batch).toMatchObject({ exitCode: 104, stdout: oneShot.stdout, timedOut: false });
    expect(oneShot.exitCode).toBe(104);
    expect(session.isOpen).toBe(false);
  });

  it('a stdbuf that cannot run gives a spawnError result, as a one-shot run of a missing program', async () => {
    const session = new BatchSession({ stdbuf: '/nonexistent/stdbuf', bin: 'gammu', args: ['-c', gammurc], env });
    sessions.push(session);
    const result = await session.run('networkinfo', 10_000);
    expect(result).toMatchObject({ exitCode: null, timedOut: false });
    expect(result.spawnError?.message).toContain('ENOENT');
    expect(session.isOpen).toBe(false);
  });

  it('close() lets gammu end the run and exit, and the process is gone', async () => {
    const session = open('gammu', ['-c', gammurc]);
    await session.run('networkinfo', 10_000);
    const pid = session.pid;
    await session.close();
    expect(session.isOpen).toBe(false);
    expect(isAlive(pid)).toBe(false);
  });
});

// Faults inside a session, with the scripted stand-in (under stdbuf, as the session runs it).
describe('BatchSession faults, with the gammu stand-in', () => {
  let fake: FakeGammu;
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()));
    await fake.remove();
  });

  it('a refused send ends the run with exit 127 and the refusal on stdout; nothing runs after it', async () => {
    fake = createFakeGammu({ sendsms: [{ error: 69 }] });
    const session = open(fake.bin, ['-c', 'rc']);
    const result = await session.run('sendsms TEXT 5511 -len 2 -text oi', 10_000);
    expect(result).toMatchObject({
      exitCode: 127,
      timedOut: false,
      stdout: 'Sending SMS 1/1....waiting for network answer..error 69, message reference=-1\nUnknown error.\n',
    });
    expect(session.isOpen).toBe(false);
  });

  it('reports other exit codes as gammu gives them', async () => {
    fake = createFakeGammu({ networkinfo: [{ state: 'home network' }, { exit: 114, stdout: 'No response in specified timeout. Probably phone not connected.' }] });
    const session = open(fake.bin, ['-c', 'rc']);
    expect(await session.run('networkinfo', 10_000)).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('home network') });
    expect(await session.run('networkinfo', 10_000)).toMatchObject({
      exitCode: 114,
      stdout: 'No response in specified timeout. Probably phone not connected.\n',
    });
  });

  it('kills the whole process group of a hung command at its timeout and says timedOut', async () => {
    fake = createFakeGammu({ sendsms: [{ hang: true }] });
    const session = open(fake.bin, ['-c', 'rc']);
    await session.run('networkinfo', 10_000); // started: the stand-in is a Node script, slow to start on a busy machine
    const started = Date.now();
    const result = await session.run('sendsms TEXT 5511 -len 2 -text oi', 800);
    expect(result).toMatchObject({ timedOut: true, exitCode: null });
    expect(result.signal).not.toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(790);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(session.isOpen).toBe(false);
    await waitFor('the hung gammu to be gone', () => !isAlive(session.pid), { timeoutMs: 3_000 });
  });

  it('close() kills a run that does not end on its own within the grace', async () => {
    fake = createFakeGammu({ networkinfo: [{ state: 'home network' }, { hang: true }] });
    const session = open(fake.bin, ['-c', 'rc'], 300);
    await session.run('networkinfo', 10_000);
    void session.run('networkinfo', 60_000); // hangs; close() must not wait for its timeout
    const closing = Date.now();
    await session.close();
    expect(Date.now() - closing).toBeLessThan(3_000);
    expect(isAlive(session.pid)).toBe(false);
  });
});
