import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedis } from '@sms-gateway/testing';
import { useWorkerHarness } from './support/worker-harness';

/** The job lock (lockDuration in libs/queues create-sms-worker.ts): an outage longer than it lets the lock lapse. */
const JOB_LOCK_MS = 20_000;

describe('worker: exactly once when Redis is away longer than the job lock', () => {
  let redis: TestRedis;
  beforeEach(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await redis.stop();
  });
  const harness = useWorkerHarness('lapsed-lock');

  it('a send that completes while Redis is away past the lock is recorded as sent and never run through gammu again', { timeout: 120_000 }, async () => {
    const run = await harness.start({ redisUrl: redis.url, scenario: { sendsms: [{ ok: true, delayMs: 1_500 }] } });
    run.client.queue.on('error', () => undefined);
    const id = await run.client.add('5511999990003', 'lembrete da consulta');
    await run.worker.waitForLog('the send to start', (line) => line.event === 'attempt' && line.messageId === id, 20_000);

    await redis.kill();
    await run.worker.waitForLog('gammu to finish the send while Redis is down', (line) => line.event === 'sent' && line.messageId === id, 30_000);
    // Away longer than the lock: when Redis is back (from its append-only file) the lock has lapsed.
    await new Promise((resolve) => setTimeout(resolve, JOB_LOCK_MS + 3_000));
    await redis.restart();

    await run.waitForState(id, 'completed', 60_000);
    expect(run.callsOf('sendsms')).toHaveLength(1);
    expect(run.events('resend_after_interruption')).toEqual([]);
    expect(run.events('failed')).toEqual([]);
    const job = await run.client.job(id);
    expect(job?.returnvalue).toMatchObject({ parts: 1 });
  });
});
