import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMS_JOB_NAMES } from '@sms-gateway/contracts';
import { startRedisServer, uniquePrefix, waitFor, type TestRedis } from '@sms-gateway/testing';
import {
  createProducerConnection,
  createSmsQueue,
  isRefused,
  JobEnqueuer,
  QueueUnavailableError,
  ReplicaAcknowledgement,
  type SmsJobRequest,
  type SmsQueue,
} from '../src/index';

const job = (text: string): SmsJobRequest => ({
  id: randomUUID(),
  name: SMS_JOB_NAMES.send,
  data: { to: '5511999990000', text, encoding: 'gsm7', segments: 1, source: 'v1', acceptedAt: new Date().toISOString() },
});

/** `cmdstat_wait:calls` of INFO commandstats: how many WAITs the server ran. */
async function waitCalls(redis: Redis): Promise<number> {
  const stats = await redis.info('commandstats');
  return Number(/cmdstat_wait:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

describe('REDIS_MIN_REPLICAS_ACK: a job counts as stored only once a replica holds it', () => {
  let primary: TestRedis;
  let replica: TestRedis;
  let connection: Redis;
  let queue: SmsQueue;
  let enqueuer: JobEnqueuer;
  const prefix = uniquePrefix('replica-ack');

  beforeAll(async () => {
    primary = await startRedisServer();
    replica = await startRedisServer({ args: ['--replicaof', '127.0.0.1', String(primary.port)] });
    connection = createProducerConnection({ url: primary.url, minReplicasAck: 1 });
    connection.on('error', () => undefined); // the replica is killed below, the primary at the end
    queue = createSmsQueue(connection, prefix);
    queue.on('error', () => undefined);
    enqueuer = new JobEnqueuer(queue, 1_000, connection, new ReplicaAcknowledgement(connection, 1, 800));
    await waitFor('the replica to be in sync', async () => /master_link_status:up/.test(await connectionTo(replica).info('replication')), { timeoutMs: 15_000 });
  });
  afterAll(async () => {
    await queue?.close();
    connection?.disconnect();
    await replica?.stop();
    await primary?.stop();
  });

  const clients: Redis[] = [];
  function connectionTo(server: TestRedis): Redis {
    const client = createProducerConnection({ url: server.url, minReplicasAck: 0 }, { enableOfflineQueue: true });
    client.on('error', () => undefined);
    clients.push(client);
    return client;
  }
  afterAll(() => clients.forEach((client) => client.disconnect()));

  it('resolves once the replica holds the job: it can be read there at once', async () => {
    const request = job('held by the replica');
    await enqueuer.enqueue(request);
    expect(await connectionTo(replica).exists(`${prefix}:outgoing-sms:${request.id}`)).toBe(1);
  });

  it('holds the job back from workers while its answer is being decided (delayed, not waiting)', async () => {
    const request = job('held back');
    await enqueuer.enqueue(request);
    expect(await queue.getJobState(request.id)).toBe('delayed');
  });

  it('covers the jobs of one event-loop turn with one WAIT', async () => {
    const admin = connectionTo(primary);
    const before = await waitCalls(admin);
    await Promise.all(Array.from({ length: 200 }, (_, i) => enqueuer.enqueue(job(`batch-${i}`))));
    const waits = (await waitCalls(admin)) - before;
    expect(waits).toBeGreaterThan(0);
    expect(waits).toBeLessThan(20);
  });

  it('with the replica gone, refuses within 2 s and withdraws the job from the primary', async () => {
    await replica.kill();
    const request = job('no replica to hold it');
    const started = Date.now();
    const outcome = await enqueuer.enqueue(request).then(
      () => 'stored',
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(QueueUnavailableError);
    expect(Date.now() - started).toBeLessThan(2_000);
    await waitFor('the withdrawal to land', async () => (await isRefused(connection, prefix, request.id)) && (await queue.getJob(request.id)) === undefined, {
      timeoutMs: 3_000,
    });
  });
});
