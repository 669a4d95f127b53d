import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSmsQueueClient, deletePrefixKeys, freePort, SHARED_REDIS_URL, startApp, uniquePrefix } from '@sms-gateway/testing';
import { TOKEN } from './api-harness';
import { stopWithin, useV1Stack, V1Client } from './v1-harness';

// Idempotency-Key is shared by every API replica through Redis: real API processes here.
describe('v1 Idempotency-Key across two API processes', () => {
  const stack = useV1Stack();

  /** Two real API processes on their own ports, sharing one fresh queue prefix. */
  async function startTwoApis() {
    const prefix = uniquePrefix('idem');
    stack.onTeardown(() => deletePrefixKeys(SHARED_REDIS_URL, prefix));
    const queue = createSmsQueueClient(SHARED_REDIS_URL, prefix);
    stack.onTeardown(() => queue.close());
    const clients: V1Client[] = [];
    for (const name of ['a', 'b']) {
      const port = await freePort();
      const api = startApp('api', { SMS_API_TOKEN: TOKEN, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: SHARED_REDIS_URL, QUEUE_PREFIX: prefix });
      stack.onTeardown(() => stopWithin(api, 10_000));
      await api.waitForLog(`api ${name} listening`, (line) => line.event === 'started');
      clients.push(new V1Client(`http://127.0.0.1:${port}`, stack.describeWorkers));
    }
    const jobCount = async () => Object.values(await queue.queue.getJobCounts()).reduce((sum, count) => sum + count, 0);
    return { prefix, clients: clients as [V1Client, V1Client], jobCount };
  }

  it('20 concurrent requests with one key, split across both processes, queue one message that is sent once', async () => {
    const { prefix, clients, jobCount } = await startTwoApis();
    const key = randomUUID();
    const body = { to: '+5511987654321', text: 'hello exactly once', reference: 'idem-1' };

    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => clients[i % 2].send(body, { 'idempotency-key': key })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    const ids = new Set(answers.map((a) => a.json.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as string[];
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
    expect(await jobCount()).toBe(1);

    // Both processes answer the status of that one message.
    for (const client of clients) expect(await client.view(id)).toMatchObject({ id, status: 'queued', reference: 'idem-1' });

    const worker = await stack.startWorker(prefix);
    await clients[1].waitForStatus(id, 'sent', 10_000);
    expect(worker.sendCalls()).toHaveLength(1);

    // A late repeat replays the same answer and queues nothing; the worker stays at one send.
    const repeat = await clients[0].send(body, { 'idempotency-key': key });
    expect(repeat).toMatchObject({ status: 202, json: { id } });
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(await jobCount()).toBe(1);
    expect(worker.sendCalls()).toHaveLength(1);
  });

  it('the same key with a different body is refused with 409 idempotency_conflict by either process', async () => {
    const { clients, jobCount } = await startTwoApis();
    const key = randomUUID();
    const first = await clients[0].send({ to: '+5511987654321', text: 'first body' }, { 'idempotency-key': key });
    expect(first.status).toBe(202);

    for (const client of clients) {
      const conflict = await client.send({ to: '+5511987654321', text: 'another body' }, { 'idempotency-key': key });
      expect(conflict.status).toBe(409);
      expect(conflict.json).toMatchObject({ error: { code: 'idempotency_conflict' } });
    }
    expect(await jobCount()).toBe(1);
  });
});
