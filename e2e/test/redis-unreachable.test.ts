import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpRequest, startRedisServer, startTcpProxy, waitFor, type TcpProxy, type TestRedis } from '@sms-gateway/testing';
import { createGateway, postSms, summarize, type Gateway, type RunningApi, type SmsOutcome } from './support/gateway';

const QUEUE_UNAVAILABLE = { status: 'erro', mensagem: 'Fila indisponível, tente novamente.' };

describe('Redis unreachable', () => {
  let redis: TestRedis;
  let proxy: TcpProxy | undefined;
  let gateway: Gateway;
  beforeEach(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await gateway?.teardown();
    await proxy?.stop();
    proxy = undefined;
    await redis?.stop();
  });

  /** Posts `count` messages one after another, each with its own text. */
  const postEach = async (api: RunningApi, texts: string[]): Promise<SmsOutcome[]> => {
    const outcomes: SmsOutcome[] = [];
    for (const text of texts) outcomes.push(await postSms(api.port, text));
    return outcomes;
  };
  /** Posts until one is accepted (each try with its own text); returns every outcome. */
  const postUntilAccepted = async (api: RunningApi, label: string): Promise<SmsOutcome[]> => {
    const outcomes: SmsOutcome[] = [];
    await waitFor(
      `${label}: a 202 once Redis answers again`,
      async () => {
        const outcome = await postSms(api.port, `${label}-${outcomes.length}`);
        outcomes.push(outcome);
        return outcome.status === 202;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    return outcomes;
  };
  const expectFast503 = (outcomes: SmsOutcome[]) => {
    for (const outcome of outcomes) {
      expect(outcome.status, outcome.error ?? outcome.body).toBe(503);
      expect(JSON.parse(outcome.body)).toEqual(QUEUE_UNAVAILABLE);
      expect(outcome.ms).toBeLessThan(2_000);
    }
  };

  it('when Redis is down, the API answers 503 within 2 s and recovers by itself; the worker reconnects without a restart; nothing accepted is lost', async () => {
    gateway = createGateway('e2e-redis-down', redis.url);
    const api = await gateway.startApi();
    const worker = await gateway.startWorker();
    const before = await postEach(api, ['before-0', 'before-1', 'before-2']);
    expect(before.map((outcome) => outcome.status)).toEqual([202, 202, 202]);

    await redis.kill();
    const down = await postEach(api, ['down-0', 'down-1', 'down-2', 'down-3', 'down-4']);
    expectFast503(down);
    expect((await httpRequest({ port: api.port, method: 'GET', path: '/status' })).status).toBe(200);
    // Keep Redis away until the worker has failed to reconnect a few times (its backoff grows).
    const errorsAtKill = worker.app.logs().filter((line) => line.event === 'queue_error').length;
    await waitFor('the worker to fail reconnecting three times', () => worker.app.logs().filter((line) => line.event === 'queue_error').length >= errorsAtKill + 3, {
      timeoutMs: 20_000,
    });
    expectFast503(await postEach(api, ['down-5']));

    await redis.restart();
    const after = await postUntilAccepted(api, 'after');
    const { accepted, summary } = summarize([...before, ...down, ...after]);
    const counts = await gateway.waitUntilSent(accepted, 30_000);
    console.log(`[redis down] requests: ${summary}; sent: ${[...counts].map(([text, n]) => `${text}×${n}`).join(' ')}`);

    expect(accepted.every((text) => counts.get(text) === 1)).toBe(true);
    expect(worker.app.child.exitCode).toBeNull();
    expect(worker.app.logs().filter((line) => line.event === 'started')).toHaveLength(1);
    expect(api.app.child.exitCode).toBeNull();
  });

  it('when Redis stops answering (connections open, nothing comes back), the API still answers 503 within 2 s and recovers; nothing accepted is lost', async () => {
    proxy = await startTcpProxy({ port: redis.port });
    gateway = createGateway('e2e-redis-stalled', proxy.redisUrl);
    const api = await gateway.startApi();
    const worker = await gateway.startWorker();
    const before = await postEach(api, ['before-0', 'before-1']);
    expect(before.map((outcome) => outcome.status)).toEqual([202, 202]);
    await gateway.waitUntilSent(['before-0', 'before-1'], 10_000);

    proxy.freeze();
    const stalled = await Promise.all(['stalled-0', 'stalled-1', 'stalled-2'].map((text) => postSms(api.port, text)));
    expectFast503(stalled);
    expectFast503(await postEach(api, ['stalled-3']));
    expect((await httpRequest({ port: api.port, method: 'GET', path: '/status', timeoutMs: 2_000 })).status).toBe(200);

    proxy.thaw();
    const after = await postUntilAccepted(api, 'after');
    const { accepted, summary } = summarize([...before, ...stalled, ...after]);
    const counts = await gateway.waitUntilSent(accepted, 30_000);
    console.log(`[redis stalled] requests: ${summary}; sent: ${[...counts].map(([text, n]) => `${text}×${n}`).join(' ')}`);
    expect(accepted.every((text) => counts.get(text) === 1)).toBe(true);
    expect(worker.app.logs().filter((line) => line.event === 'started')).toHaveLength(1);
  });

  // README, "Use the API": "A refused request stores nothing." A client that gets a 503 retries
  // (the README tells it to), so a refused message that is stored anyway reaches the phone twice.
  it('a message refused with 503 while Redis stalls is never stored nor sent once Redis answers again', async () => {
    proxy = await startTcpProxy({ port: redis.port });
    gateway = createGateway('e2e-redis-refused', proxy.redisUrl);
    const api = await gateway.startApi();
    const worker = await gateway.startWorker();

    proxy.freeze();
    const refused = await postSms(api.port, 'refused-0');
    expectFast503([refused]);
    proxy.thaw();
    const after = await postUntilAccepted(api, 'after');
    const { accepted } = summarize(after);
    await gateway.waitUntilSent(accepted, 30_000);
    // Everything Redis held has been handed to the worker by now (one modem, oldest first);
    // give a stray job a moment more to show up before concluding it does not exist.
    await waitFor('the queue to be idle', async () => {
      const counts = await gateway.queue().queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).every((count) => count === 0);
    }, { timeoutMs: 10_000 });
    await sleep(1_000); // proving an absence: let time pass

    const stored = (await gateway.queue().queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'])).filter(
      (job) => job.data.text === 'refused-0',
    );
    console.log(`[redis stalled] the 503'd message: stored ${stored.length} time(s), sent ${gateway.sentCounts().get('refused-0') ?? 0} time(s)`);
    expect(worker.app.child.exitCode).toBeNull();
    expect(gateway.sentCounts().get('refused-0') ?? 0).toBe(0);
    expect(stored).toEqual([]);
  });
});
