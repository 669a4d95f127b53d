import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort, startRedisServer, waitFor, type TestRedis } from '@sms-gateway/testing';
import { useWorkerHarness } from './support/worker-harness';

describe('worker /readyz follows Redis', () => {
  let redis: TestRedis;
  beforeEach(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await redis.stop();
  });
  const harness = useWorkerHarness('readyz-redis');

  it('answers 503 while Redis is unreachable (healthz stays 200) and 200 again once it is back', async () => {
    const port = await freePort();
    const run = await harness.start({ redisUrl: redis.url, env: { WORKER_METRICS_PORT: String(port), WORKER_METRICS_HOST: '127.0.0.1' } });
    run.client.queue.on('error', () => undefined);
    const readyz = () => fetch(`http://127.0.0.1:${port}/readyz`);
    expect((await readyz()).status).toBe(200);

    await redis.kill();
    await waitFor('/readyz to say not ready', async () => (await readyz()).status === 503, { timeoutMs: 10_000 });
    const body = JSON.stringify(await (await readyz()).json());
    expect(body).toContain('Redis');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    await redis.restart();
    await waitFor('/readyz to say ready again', async () => (await readyz()).status === 200, { timeoutMs: 15_000 });
  });
});
