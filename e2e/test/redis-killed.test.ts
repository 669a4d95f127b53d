import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, waitFor, type TestRedis } from '@sms-gateway/testing';
import { createGateway, duplicatesOf, startClientLoop, summarize, type Gateway } from './support/gateway';

describe('Redis killed with SIGKILL while messages are queued and being sent', () => {
  let redis: TestRedis;
  let gateway: Gateway;
  beforeAll(async () => {
    redis = await startRedisServer(); // AOF with fsync on every write: a 202 is on disk
    gateway = createGateway('e2e-redis-kill', redis.url);
  });
  afterAll(async () => {
    await gateway?.teardown();
    await redis?.stop();
  });

  it('every message answered 202 is sent once Redis restarts on the same data, none lost; duplicates are counted', async () => {
    const api = await gateway.startApi();
    // 150 ms per send: most of the time a send is in flight, and a backlog builds up.
    const worker = await gateway.startWorker({ scenario: { sendsmsDefault: { ok: true, delayMs: 150 } } });
    const events = (event: string) => worker.app.logs().filter((line) => line.event === event);
    const client = startClientLoop({ port: () => api.port, label: 'msg', concurrency: 2, pauseMs: 100 });

    await waitFor(
      'a backlog in the queue while sends are under way',
      () => client.outcomes.filter((outcome) => outcome.status === 202).length >= 30 && events('sent').length >= 5,
      { timeoutMs: 20_000 },
    );
    await waitFor('a send in flight', () => events('attempt').length > events('sent').length, { timeoutMs: 5_000, intervalMs: 5 });
    const inFlight = events('attempt').at(-1)?.messageId;
    const acceptedBeforeKill = client.outcomes.filter((outcome) => outcome.status === 202).length;
    await redis.kill();
    const answeredAtKill = client.outcomes.length;

    await worker.app.waitForLog(
      'the worker to see Redis gone',
      (line) => line.event === 'queue_error' && /ECONNREFUSED/.test(String(line.error)),
      10_000,
    );
    await waitFor('the API to refuse a request with 503 while Redis is down', () => client.outcomes.slice(answeredAtKill).some((o) => o.status === 503), {
      timeoutMs: 10_000,
    });
    await redis.restart();
    const answeredAtRestart = client.outcomes.length;
    await waitFor(
      'the API to accept again after Redis came back (a few 202s)',
      () => client.outcomes.slice(answeredAtRestart).filter((outcome) => outcome.status === 202).length >= 5,
      { timeoutMs: 20_000 },
    );
    const outcomes = await client.stop();

    const { accepted, summary } = summarize(outcomes);
    const counts = await gateway.waitUntilSent(accepted, 60_000);
    const ids = outcomes.flatMap((outcome) => (outcome.id ? [outcome.id] : []));
    const queue = gateway.queue();
    await waitFor('every accepted message to be completed in Redis', async () => (await Promise.all(ids.map((id) => queue.state(id)))).every((state) => state === 'completed'), {
      timeoutMs: 30_000,
      intervalMs: 200,
    });

    const acceptedSet = new Set(accepted);
    const duplicates = duplicatesOf(counts);
    const lost = accepted.filter((text) => !counts.has(text));
    const unannounced = [...counts.keys()].filter((text) => !acceptedSet.has(text));
    console.log(
      `[redis SIGKILL] requests: ${summary}; accepted before the kill: ${acceptedBeforeKill}; in flight at the kill: ${inFlight}; ` +
        `sent: ${counts.size} distinct; sent twice or more: ${duplicates.length}${duplicates.length ? ` (${duplicates.map(([text, n]) => `${text}×${n}`).join(', ')})` : ''}; ` +
        `lost: ${lost.length}; sent without a 202: ${unannounced.length}`,
    );
    expect(lost).toEqual([]);
    expect(worker.app.child.exitCode).toBeNull();
    expect(events('started')).toHaveLength(1); // it reconnected, it did not restart
  });
});
