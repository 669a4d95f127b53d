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
