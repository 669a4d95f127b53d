import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeGammu, type FakeGammu } from './fake-gammu';
import { waitFor } from './wait-for';

// The stand-in must print what gammu prints (GAMMU.md), or tests built on it prove nothing.
describe('the scripted gammu stand-in', () => {
  let fake: FakeGammu;
  afterEach(() => fake.remove());
  const run = (...args: string[]) => spawnSync(fake.bin, args, { encoding: 'utf8' });

  it('refuses a send with error 69 exactly as gammu does: the line on stdout and exit 127', () => {
    fake = createFakeGammu({ sendsms: [{ error: 69 }] });
    const result = run('-c', 'rc', 'sendsms', 'TEXT', '123', '-text', 'hi');
    expect(result.status).toBe(127);
    expect(result.stdout).toBe('Sending SMS 1/1....waiting for network answer..error 69, message reference=-1\nUnknown error.\n');
  });

  it('reports a sent message with a message reference and exit 0', () => {
    fake = createFakeGammu();
    const result = run('-c', 'rc', 'sendsms', 'TEXT', '123', '-text', 'hi');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Sending SMS 1\/1\.\.OK, message reference=\d+\n…waiting for network answer$/); // no final newline, as gammu
  });

  it('prints the network state like networkinfo, consuming scripted steps in order', () => {
    fake = createFakeGammu({ networkinfo: [{ state: 'searching for network' }] });
    expect(run('networkinfo').stdout).toBe('Network state        : searching for network\n');
    expect(run('networkinfo').stdout).toMatch(/^Network state {8}: home network\nNetwork {14}: 999 99 \(GammuTel, Dummy\)/);
  });

  it('fails like a missing device with the exit code given', () => {
    fake = createFakeGammu({ sendsms: [{ exit: 104 }] });
    const result = run('sendsms', 'TEXT', '123', '-text', 'x');
    expect(result.status).toBe(104);
    expect(result.stdout).toBe("Error opening device, it doesn't exist.\n");
  });

  it('records every argument exactly, including texts that look like options', () => {
    fake = createFakeGammu();
    run('-c', 'rc', 'sendsms', 'TEXT', '+5511', '-unicode', '-len', '8', '-text', '-unicode');
    expect(fake.sends()).toEqual([{ to: '+5511', text: '-unicode', argv: ['-c', 'rc', 'sendsms', 'TEXT', '+5511', '-unicode', '-len', '8', '-text', '-unicode'] }]);
  });
});

// Batch mode as GAMMU.md describes it, buffering included: a wrapper that forgets
// `stdbuf -oL` must see nothing until the run ends, exactly as with the real gammu.
describe('the scripted gammu stand-in in batch mode', () => {
  let fake: FakeGammu;
  const children: ChildProcessWithoutNullStreams[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await fake.remove();
  });

  const startBatch = ({ stdbuf }: { stdbuf: boolean }) => {
    const args = ['-c', 'rc', 'batch', '-'];
    const child = stdbuf ? spawn('/usr/bin/stdbuf', ['-oL', fake.bin, ...args]) : spawn(fake.bin, args);
    children.push(child);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    return { child, stdout: () => stdout, exited };
  };
  const header = (n: number, line: string) => `${'-'.repeat(76)}\nExecuting batch "standard input" - command ${n}: ${line}\n`;

  it('under stdbuf -oL, answers each command while stdin stays open, and records each line as a call', async () => {
    fake = createFakeGammu();
    const run = startBatch({ stdbuf: true });
    run.child.stdin.write('networkinfo\nversion x1\n');
    await waitFor('the end marker', () => run.stdout().includes(header(2, 'version x1')), { timeoutMs: 10_000 });
    expect(run.stdout()).toMatch(new RegExp(`^${header(1, 'networkinfo')}Network state {8}: home network\\n`));

    run.child.stdin.write(`sendsms TEXT 5511 -text "it's ok"\nversion x2\n`);
    await waitFor('the second marker', () => run.stdout().includes(header(4, 'version x2')), { timeoutMs: 10_000 });
    expect(run.stdout()).toContain(`${header(3, `sendsms TEXT 5511 -text "it's ok"`)}Sending SMS 1/1..OK, message reference=1\n…waiting for network answer${'-'.repeat(76)}`);
    run.child.stdin.end();
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/Information: Batch processed, terminating\.\n$/);
    expect(fake.calls().map((call) => call.argv)).toEqual([
      ['-c', 'rc', 'batch', '-'],
      ['-c', 'rc', 'networkinfo'],
      ['-c', 'rc', 'version', 'x1'],
      ['-c', 'rc', 'sendsms', 'TEXT', '5511', '-text', "it's ok"],
      ['-c', 'rc', 'version', 'x2'],
    ]);
    expect(fake.sends()).toEqual([{ to: '5511', text: "it's ok", argv: ['-c', 'rc', 'sendsms', 'TEXT', '5511', '-text', "it's ok"] }]);
  });

  it('without stdbuf, holds its answers until the run ends (so a wrapper that forgets stdbuf hangs)', async () => {
    fake = createFakeGammu();
    const run = startBatch({ stdbuf: false });
    run.child.stdin.write('networkinfo\nversion x1\n');
    await waitFor('both lines to be read', () => fake.calls().length === 3, { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(run.stdout()).toBe('');
    run.child.stdin.end();
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain(header(2, 'version x1'));
  });

  it('ends the run with exit 127 on a refused send, with the refusal printed', async () => {
    fake = createFakeGammu({ sendsms: [{ error: 69 }] });
    const run = startBatch({ stdbuf: true });
    run.child.stdin.write('sendsms TEXT 5511 -text oi\nversion x\nnetworkinfo\n');
    expect(await run.exited).toBe(127);
    expect(run.stdout()).toBe(`${header(1, 'sendsms TEXT 5511 -text oi')}Sending SMS 1/1....waiting for network answer..error 69, message reference=-1\nUnknown error.\n`);
  });

  it('pays connectMs once per process, at its first command that talks to the phone', async () => {
    fake = createFakeGammu({ connectMs: 1_000 }); // well above what a busy machine adds to a command
    const run = startBatch({ stdbuf: true });
    const started = Date.now();
    run.child.stdin.write('version a\n');
    await waitFor('version', () => run.stdout().includes('Too many parameters'), { timeoutMs: 10_000 });
    const beforeConnect = Date.now();
    run.child.stdin.write('networkinfo\nversion b\n');
    await waitFor('first networkinfo', () => run.stdout().includes('version b\n'), { timeoutMs: 10_000 });
    const connectedAt = Date.now();
    run.child.stdin.write('networkinfo\nversion c\n');
    await waitFor('second networkinfo', () => run.stdout().includes('version c\n'), { timeoutMs: 10_000 });
    expect(connectedAt - beforeConnect).toBeGreaterThanOrEqual(990);
    expect(Date.now() - connectedAt).toBeLessThan(990);
    expect(started).toBeLessThanOrEqual(beforeConnect);
    run.child.stdin.end();
    expect(await run.exited).toBe(0);
  });

  it('reads a line of over 1,997 bytes in pieces, as gammu does', async () => {
    fake = createFakeGammu();
    const run = startBatch({ stdbuf: true });
    run.child.stdin.end(`sendsms TEXT 5511 -text ${'a'.repeat(2_000)}\n`);
    await run.exited;
    const head = 'sendsms TEXT 5511 -text ';
    expect(fake.calls().map((call) => call.argv.at(-1))).toEqual(['-', 'a'.repeat(1_997 - head.length), 'a'.repeat(2_000 - (1_997 - head.length))]);
  });
});
