import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runProcess } from './run-process';

/** True while `pid` is a live process (a zombie waiting to be reaped counts as gone). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Polls briefly: the kernel may take a moment to finish off a killed process. */
async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !isAlive(pid);
}

/** Pids printed by a test script as "<shell pid> <background child pid>". */
function pidsFrom(stdout: string): { shell: number; child: number } {
  const [shell, child] = stdout.trim().split(/\s+/).map(Number);
  if (!shell || !child) throw new Error(`no pids in ${JSON.stringify(stdout)}`);
  return { shell, child };
}

const leftovers: number[] = [];
afterEach(() => {
  // Never leave a sleeping process behind, even when a test fails.
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('runProcess', () => {
  it('returns the exit code and both outputs of a program that fails', async () => {
    const result = await runProcess('sh', ['-c', 'echo out; echo err >&2; exit 3'], { timeoutMs: 5_000 });
    expect(result).toMatchObject({ exitCode: 3, signal: null, stdout: 'out\n', stderr: 'err\n', timedOut: false });
    expect(result.spawnError).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('returns exit code 0 for a program that succeeds', async () => {
    await expect(runProcess('sh', ['-c', 'printf ok'], { timeoutMs: 5_000 })).resolves.toMatchObject({
      exitCode: 0,
      stdout: 'ok',
      timedOut: false,
    });
  });

  it('passes arguments as they are, without a shell', async () => {
    const args = ['$HOME', '; echo hacked', '-h', 'Olá 😀', 'a "quoted" arg'];
    const result = await runProcess('printf', ['%s\\n', ...args], { timeoutMs: 5_000 });
    expect(result.stdout).toBe(args.map((arg) => `${arg}\n`).join(''));
  });

  it('keeps UTF-8 output intact, even when it arrives in many chunks', async () => {
    const script = 'i=0; while [ $i -lt 2000 ]; do printf "ção😀"; i=$((i+1)); done';
    const result = await runProcess('sh', ['-c', script], { timeoutMs: 10_000 });
    expect(result.stdout).toBe('ção😀'.repeat(2000));
  });

  it('resolves with a spawnError, not a rejection, when the program does not exist', async () => {
    const result = await runProcess('/nonexistent/bin/gammu-missing', ['--version'], { timeoutMs: 5_000 });
    expect(result.spawnError).toBeInstanceOf(Error);
    expect(result.spawnError?.message).toContain('ENOENT');
    expect(result).toMatchObject({ exitCode: null, timedOut: false });
  });

  it('kills a program that runs past timeoutMs, and resolves quickly', async () => {
    const started = Date.now();
    const result = await runProcess('sh', ['-c', 'echo "$$ $$"; sleep 30'], { timeoutMs: 200 });
    const elapsed = Date.now() - started;
    leftovers.push(pidsFrom(result.stdout).shell);
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.signal).not.toBeNull();
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(3_000);
    expect(await goneWithin(pidsFrom(result.stdout).shell, 1_000)).toBe(true);
  });

  it('kills the whole process group on timeout: a child the program started is gone too', async () => {
    const started = Date.now();
    const result = await runProcess('sh', ['-c', 'sleep 30 & echo "$$ $!"; wait'], { timeoutMs: 200 });
    const { shell, child } = pidsFrom(result.stdout);
    leftovers.push(shell, child);
    expect(result.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await goneWithin(shell, 1_000)).toBe(true);
    expect(await goneWithin(child, 1_000)).toBe(true);
  });

  it('kills with SIGKILL after the grace a child that ignores SIGTERM, even when its parent died at once', async () => {
    // A wrapper script dies on SIGTERM; the gammu it started may trap SIGTERM and keep the modem busy.
    const script = '(trap "" TERM; exec sleep 30) & echo "$$ $!"; wait';
    const result = await runProcess('sh', ['-c', script], { timeoutMs: 200, killGraceMs: 300 });
    const { shell, child } = pidsFrom(result.stdout);
    leftovers.push(shell, child);
    expect(result.timedOut).toBe(true);
    expect(await goneWithin(shell, 1_000)).toBe(true);
    // The grace is 300 ms; allow it and a margin.
    expect(await goneWithin(child, 2_000)).toBe(true);
  });

  it('kills with SIGKILL after the grace a program that ignores SIGTERM itself', async () => {
    const started = Date.now();
    const result = await runProcess('sh', ['-c', 'trap "" TERM; echo "$$ $$"; sleep 30 & wait'], {
      timeoutMs: 200,
      killGraceMs: 300,
    });
    leftovers.push(pidsFrom(result.stdout).shell);
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('does not wait for a background child that keeps the output pipes open after the program exits', async () => {
    const started = Date.now();
    const result = await runProcess('sh', ['-c', 'sleep 30 & echo "$$ $!"; exit 0'], { timeoutMs: 10_000 });
    const { shell, child } = pidsFrom(result.stdout);
    leftovers.push(shell, child);
    expect(result).toMatchObject({ exitCode: 0, timedOut: false });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
