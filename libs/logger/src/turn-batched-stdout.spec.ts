import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger';
import { TurnBatchedStdout } from './turn-batched-stdout';

/** A stand-in stdout that keeps each write call apart. */
function recordingTarget() {
  const writes: string[] = [];
  const target = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString());
      done();
    },
  });
  return { target, writes };
}

describe('TurnBatchedStdout', () => {
  it('writes the lines of one event-loop turn in one call, in order, before the next turn', async () => {
    const { target, writes } = recordingTarget();
    const logger = createLogger({ service: 'api', stream: new TurnBatchedStdout(target) });
    for (let i = 1; i <= 50; i++) logger.info('accepted', { messageId: `m${i}` });
    expect(writes).toEqual([]);

    await nextTurn();
    expect(writes).toHaveLength(1);
    const ids = writes[0]?.trim().split('\n').map((line) => (JSON.parse(line) as { messageId: string }).messageId);
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => `m${i + 1}`));

    logger.info('sent', { messageId: 'm51' });
    await nextTurn();
    expect(writes).toHaveLength(2);
    expect(writes[1]).toContain('"messageId":"m51"');
  });

  it('writes the lines still held when the process exits at once', () => {
    // A child that logs and exits in the same turn, as a process does on a fatal error.
    const script = `
      const { Writable } = require('node:stream');
      ${TurnBatchedStdout.toString()}
      const out = new TurnBatchedStdout(process.stdout);
      out.write('first line\\n');
      out.write('last line\\n');
      process.exit(3);
    `;
    let stdout = '';
    try {
      execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    } catch (error) {
      const failure = error as { status: number; stdout: string };
      expect(failure.status).toBe(3);
      stdout = failure.stdout;
    }
    expect(stdout).toBe('first line\nlast line\n');
  });
});
