import { describe, expect, it } from 'vitest';
import { QueueUnavailableError } from './queue-unavailable.error';
import { isRedisUnavailable, readOrUnavailable } from './read-or-unavailable';

const reply = (message: string) => Object.assign(new Error(message), { name: 'ReplyError' });

describe('isRedisUnavailable', () => {
  it.each([
    ['a connection-level failure', new Error("Stream isn't writeable and enableOfflineQueue options is false"), true],
    ['retries exhausted', Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }), true],
    ['LOADING while Redis reads its AOF', reply('LOADING Redis is loading the dataset in memory'), true],
    ['READONLY from a demoted primary', reply('READONLY You can\'t write against a read only replica.'), true],
    ['MASTERDOWN', reply('MASTERDOWN Link with MASTER is down'), true],
    ['WRONGTYPE: a bug, not an outage', reply('WRONGTYPE Operation against a key holding the wrong kind of value'), false],
    ['a script error', reply('ERR Error running script'), false],
    ['not an Error at all', 'boom', false],
  ])('%s → %s', (_case, error, expected) => {
    expect(isRedisUnavailable(error)).toBe(expected);
  });
});

describe('readOrUnavailable', () => {
  it('returns what the read returns', async () => {
    await expect(readOrUnavailable(async () => 42)).resolves.toBe(42);
  });

  it('gives up with QueueUnavailableError when the read outlasts the timeout', async () => {
    const started = Date.now();
    await expect(readOrUnavailable(() => new Promise(() => undefined), 50)).rejects.toBeInstanceOf(QueueUnavailableError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('turns a connection failure into QueueUnavailableError, keeping the cause', async () => {
    const cause = new Error('Connection is closed.');
    const error = await readOrUnavailable(() => Promise.reject(cause)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueUnavailableError);
    expect((error as Error).cause).toBe(cause);
  });

  it('lets any other error through unchanged', async () => {
    const bug = reply('WRONGTYPE Operation against a key holding the wrong kind of value');
    await expect(readOrUnavailable(() => Promise.reject(bug))).rejects.toBe(bug);
  });
});
