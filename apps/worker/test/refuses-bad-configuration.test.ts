import { afterEach, describe, expect, it } from 'vitest';
import { createFakeGammu, SHARED_REDIS_URL, startApp, stopAllApps, uniquePrefix } from '@sms-gateway/testing';
import { exitCodeWithin } from './support/worker-harness';

/** What the worker printed, as non-empty lines. */
const linesOf = (output: string) => output.split('\n').filter((line) => line.trim() !== '');

describe('worker: bad configuration', () => {
  afterEach(() => stopAllApps());

  it('with GAMMU_BIN pointing at a missing file, it exits non-zero with one line naming gammu', async () => {
    const worker = startApp('worker', {
      REDIS_URL: SHARED_REDIS_URL,
      QUEUE_PREFIX: uniquePrefix('bad-config'),
      GAMMU_BIN: '/nonexistent/bin/gammu',
    });
    const code = await exitCodeWithin(worker, 10_000);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    const lines = linesOf(worker.output());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/gammu/);
    expect(lines[0]).toContain('/nonexistent/bin/gammu');
  });

  it.each([
    ['RETRY_OTHER_MAX_ATTEMPTS', 'abc'],
    ['RETRY_NETWORK_CODES', '69;42'],
    ['READINESS_POLL_MS', '-5'],
  ])('with %s=%s, it exits non-zero with one line naming that variable', async (variable, value) => {
    const gammu = createFakeGammu();
    try {
      const worker = startApp('worker', {
        REDIS_URL: SHARED_REDIS_URL,
        QUEUE_PREFIX: uniquePrefix('bad-config'),
        GAMMU_BIN: gammu.bin,
        [variable]: value,
      });
      const code = await exitCodeWithin(worker, 10_000);
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      const lines = linesOf(worker.output());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(variable);
      expect(gammu.calls()).toEqual([]); // refused before touching the modem
    } finally {
      await gammu.remove();
    }
  });
});
