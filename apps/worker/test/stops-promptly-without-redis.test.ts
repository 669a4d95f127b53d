import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedis } from '@sms-gateway/testing';
import { signalAndWait, useWorkerHarness } from './support/worker-harness';

describe('worker: Redis unreachable', () => {
  let redis: TestRedis;
  beforeEach(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await redis.stop();
  });
  const harness = useWorkerHarness('no-redis-stop');

  it('with nothing in flight it stops within a second of SIGTERM, exit 0, and every line it printed is one JSON log line', async () => {
    const run = await harness.start({ redisUrl: redis.url });
    run.client.queue.on('error', () => undefined);
    await redis.kill();
    await run.worker.waitForLog('the worker to see Redis gone', (line) => line.event === 'redis_unreachable', 10_000);
    // Let it go through a few reconnect attempts, as a worker left alone with Redis down would.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const signalledAt = Date.now();
    expect(await signalAndWait(run.worker, 'SIGTERM', 10_000)).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(1_000);
    expect(run.events('stopped')).toEqual([expect.objectContaining({ message: 'stopped' })]);

    const lines = run.worker.output().split('\n').filter((line) => line.trim() !== '');
    const notJson = lines.filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    expect(run.events('redis_unreachable')).toHaveLength(1);
  });
});
