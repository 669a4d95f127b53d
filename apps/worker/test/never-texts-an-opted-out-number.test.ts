import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { SHARED_REDIS_URL, uniquePrefix } from '@sms-gateway/testing';
import { OptOutStore } from '@sms-gateway/two-way';
import { useWorkerHarness } from './support/worker-harness';

describe('worker: a recipient who opted out while a message waited', () => {
  const harness = useWorkerHarness('opted-out');

  it('a queued message to a number that has since opted out ends failed (opted_out), unsent; others still go out', async () => {
    const prefix = uniquePrefix('opted-out');
    const redis = new Redis(SHARED_REDIS_URL);
    // The patient answered "SAIR" after the reminders were queued (recorded as the inbox poller
    // does), and the number is spelled differently from the queued one.
    await new OptOutStore({ redis, prefix }).optOut('+55 11 98888-7777', 'keyword');
    await redis.quit();

    const run = await harness.start({
      prefix,
      queued: [
        ['5511988887777', 'Lembrete: consulta amanhã'],
        ['5511966665555', 'Lembrete: consulta amanhã'],
      ],
    });
    const [optedOut, other] = run.queuedIds as [string, string];

    await run.waitForState(optedOut, 'failed', 15_000);
    await run.waitForState(other, 'completed', 15_000);
    expect((await run.client.job(optedOut))?.progress).toMatchObject({ state: 'failed', lastError: { kind: 'opted_out' } });
    expect(run.gammu.sends().map((send) => send.to)).toEqual(['5511966665555']);
  });
});
