import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRedisServer, waitFor, type TestRedis } from '@sms-gateway/testing';
import { useWorkerHarness } from './support/worker-harness';

describe('worker: Redis goes away and comes back', () => {
  // Registered before the harness so that it runs after the harness's teardown (hooks unwind as a stack).
  let redis: TestRedis;
  beforeEach(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await redis.stop();
  });
  const harness = useWorkerHarness('redis-restart');

  it('when Redis is killed while the worker is idle and restarted, a message added afterwards is sent without restarting the worker', async () => {
    const run = await harness.start({ redisUrl: redis.url });
    // The test's own queue connection also sees Redis go away; that is expected here.
    run.client.queue.on('error', () => undefined);
    const before = await run.client.add('5511999990001', 'antes');
    await run.waitForState(before, 'completed');

    await redis.kill();
    // Redis stays away until the worker has seen its reconnects refused.
    await run.worker.waitForLog('worker sees Redis gone', (line) => line.event === 'queue_error' && /ECONNREFUSED/.test(String(line.error)), 10_000);
    await redis.restart();

    const after = await run.client.add('5511999990002', 'depois');
    await run.waitForState(after, 'completed', 20_000);
    expect(run.worker.child.exitCode).toBeNull();
    expect(run.events('started')).toHaveLength(1);
    expect(run.gammu.sends().map((send) => send.text)).toEqual(['antes', 'depois']);
  });

  it('when Redis dies during a send and comes back, the message is recorded as completed, sent once', async () => {
    const run = await harness.start({ redisUrl: redis.url, scenario: { sendsms: [{ ok: true, delayMs: 1_000 }] } });
    run.client.queue.on('error', () => undefined);
    const id = await run.client.add('5511999990003', 'durante o envio');
    await waitFor('the send to start', () => run.callsOf('sendsms').length === 1, { timeoutMs: 5_000 });

    await redis.kill();
    await run.worker.waitForLog('worker sees Redis gone', (line) => line.event === 'queue_error' && /ECONNREFUSED/.test(String(line.error)), 10_000);
    await run.worker.waitForLog('gammu finished the send while Redis was down', (line) => line.event === 'sent' && line.messageId === id, 10_000);
    await redis.restart();

    await run.waitForState(id, 'completed', 20_000);
    expect(run.callsOf('sendsms')).toHaveLength(1);
    expect(run.events('failed')).toEqual([]);
    expect(run.events('stalled')).toEqual([]);
  });
});
