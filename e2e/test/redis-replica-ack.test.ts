import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, startRedisServer, waitFor, type TestRedis } from '@sms-gateway/testing';
import { createGateway, postSms, type Gateway } from './support/gateway';

/**
 * REDIS_MIN_REPLICAS_ACK=1 with the only replica stopped: Redis still stores every job on the
 * primary, but no replica can hold it, so the API answers 503 — and such a message must never
 * go out, although a worker is idle and waiting for jobs on that very primary.
 */
describe('REDIS_MIN_REPLICAS_ACK=1 while the replica is stopped', () => {
  let primary: TestRedis;
  let replica: TestRedis;
  let gateway: Gateway;
  beforeAll(async () => {
    primary = await startRedisServer();
    replica = await startRedisServer({ args: ['--replicaof', '127.0.0.1', String(primary.port)] });
    gateway = createGateway('e2e-replica-ack', primary.url);
  });
  afterAll(async () => {
    await gateway?.teardown();
    await replica?.stop();
    await primary?.stop();
  });

  it('answers 503 within 2 s, sends none of those messages later, and accepts again once the replica is back', async () => {
    const api = await gateway.startApi({ env: { REDIS_MIN_REPLICAS_ACK: '1' } });
    await gateway.startWorker({ scenario: { sendsmsDefault: { ok: true } } });
    const readyz = async () => (await httpRequest({ port: api.port, method: 'GET', path: '/readyz' })).status;

    await waitFor('/readyz to be ready with the replica attached', async () => (await readyz()) === 200, { timeoutMs: 15_000, intervalMs: 100 });
    const before = await Promise.all(Array.from({ length: 5 }, (_, i) => postSms(api.port, `with-replica-${i}`)));
    expect(before.map((outcome) => outcome.status)).toEqual([202, 202, 202, 202, 202]);
    await gateway.waitUntilSent(before.map((outcome) => outcome.text), 20_000);

    await replica.kill();
    await waitFor('/readyz to say not ready (no replica)', async () => (await readyz()) === 503, { timeoutMs: 15_000, intervalMs: 100 });
    const refused = await Promise.all(Array.from({ length: 20 }, (_, i) => postSms(api.port, `no-replica-${i}`)));
    expect(refused.map((outcome) => outcome.status)).toEqual(Array.from({ length: 20 }, () => 503));
    expect(Math.max(...refused.map((outcome) => outcome.ms))).toBeLessThan(2_000);

    await replica.restart();
    await waitFor('/readyz to be ready again', async () => (await readyz()) === 200, { timeoutMs: 20_000, intervalMs: 100 });
    const after = await postSms(api.port, 'replica-back');
    expect(after.status).toBe(202);
    // The refused messages were stored before it, so a worker would have reached them first.
    await gateway.waitUntilSent(['replica-back'], 20_000);

    const sent = gateway.sentCounts();
    expect(refused.filter((outcome) => sent.has(outcome.text)).map((outcome) => outcome.text)).toEqual([]);
    const counts = await gateway.queue().queue.getJobCounts();
    const stored = Object.values(counts).reduce((sum, count) => sum + count, 0);
    expect(stored).toBe(before.length + 1); // nothing of the refused ones is left to send later
  });
});
