import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createGammuRecorder } from './gammu-recorder';

// The recorder must log every argument exactly and leave the answer to the real gammu.
describe('the recorder around the real gammu', () => {
  let recorder: ReturnType<typeof createGammuRecorder>;
  afterEach(() => recorder.remove());
  const run = (...args: string[]) => spawnSync(recorder.bin, ['-c', recorder.gammurc, ...args], { encoding: 'utf8' });

  it('records the text byte for byte (quotes, backslashes, newlines, accents) and gammu sends it', () => {
    recorder = createGammuRecorder();
    const text = 'Olá "Ana"\\ às 9h\n\ttab -x €';
    const result = run('sendsms', 'TEXT', '+5511999991234', '-text', text);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/OK, message reference=\d+/);
    expect(recorder.sends()).toEqual([{ to: '+5511999991234', text, argv: ['-c', recorder.gammurc, 'sendsms', 'TEXT', '+5511999991234', '-text', text] }]);
  });

  it('passes gammu’s own answer and exit code through (networkinfo on the dummy driver)', () => {
    recorder = createGammuRecorder();
    const result = run('networkinfo');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Network state\s+: home network/);
    expect(recorder.calls()).toEqual([expect.objectContaining({ argv: ['-c', recorder.gammurc, 'networkinfo'], pid: result.pid })]);
  });
});

describe('the recorder around the real gammu in batch mode', () => {
  let recorder: ReturnType<typeof createGammuRecorder>;
  afterEach(() => recorder.remove());

  it('records each command line as a call, split as gammu splits it, and passes gammu’s answers and exit code through', () => {
    recorder = createGammuRecorder();
    const input = `networkinfo\nsendsms TEXT 5511 -text "it's ok"\nsendsms TEXT 5511 -text 'say "hi"'\n`;
    const result = spawnSync('/usr/bin/stdbuf', ['-oL', recorder.bin, '-c', recorder.gammurc, 'batch', '-'], { input, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout.match(/OK, message reference=\d+/g)).toHaveLength(2);
    expect(result.stdout).toMatch(/Information: Batch processed, terminating\.\n$/);
    const connection = ['-c', recorder.gammurc];
    expect(recorder.calls().map((call) => call.argv)).toEqual([
      [...connection, 'batch', '-'],
      [...connection, 'networkinfo'],
      [...connection, 'sendsms', 'TEXT', '5511', '-text', "it's ok"],
      [...connection, 'sendsms', 'TEXT', '5511', '-text', 'say "hi"'],
    ]);
    expect(recorder.sends().map((send) => send.text)).toEqual(["it's ok", 'say "hi"']);
    expect(new Set(recorder.calls().map((call) => call.pid)).size).toBe(1);
  });

  it('exits with gammu’s code when a command fails mid-run', () => {
    recorder = createGammuRecorder();
    const result = spawnSync(recorder.bin, ['-c', '/nonexistent/gammurc', 'batch', '-'], { input: 'networkinfo\nnetworkinfo\n', encoding: 'utf8' });
    expect(result.status).toBe(104);
  });
});
