import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, startRedisSentinelSet, waitFor, type TestRedisSentinelSet } from '@sms-gateway/testing';
import { createGateway, duplicatesOf, startClientLoop, summarize, type Gateway } from './support/gateway';

/** What `/readyz` answered at a moment. */
interface ReadyProbe {
  readonly at: number;
  readonly status?: number;
}

/**
 * The Redis primary is killed with SIGKILL under a steady stream of requests. Sentinel promotes
 * one of its two replicas; REDIS_MIN_REPLICAS_ACK=1 makes every 202 wait until a replica holds
 * the message, and the other replica lets the new primary keep accepting. Nothing is restarted.
 */
describe('Redis primary killed with SIGKILL under load, Sentinel promoting a replica', () => {
  let set: TestRedisSentinelSet;
  let gateway: Gateway;
  beforeAll(async () => {
    set = await startRedisSentinelSet({ replicaCount: 2, downAfterMs: 1_000 });
    // The test's own reads go to a replica: it outlives the primary and becomes it, or follows it.
    gateway = createGateway('e2e-failover', set.replica.url);
  });
  afterAll(async () => {
    await gateway?.teardown();
    await set?.stop();
  });

  it('answers every request within 2.5 s, accepts again within 15 s by itself, and sends every message answered 202', async () => {
    const env = { REDIS_SENTINELS: set.sentinels, REDIS_SENTINEL_MASTER: set.masterName, REDIS_MIN_REPLICAS_ACK: '1' };
    const api = await gateway.startApi({ env });
    const worker = await gateway.startWorker({ scenario: { sendsmsDefault: { ok: true, delayMs: 20 } }, env });
    const events = (event: string) => worker.app.logs().filter((line) => line.event === event);
    const client = startClientLoop({ port: () => api.port, label: 'failover', concurrency: 4, pauseMs: 50 });
    const accepted = (from = 0) => client.outcomes.slice(from).filter((outcome) => outcome.status === 202).length;

    await waitFor('a steady stream of accepted and sent messages', () => accepted() >= 40 && events('sent').length >= 10, { timeoutMs: 30_000 });
    const probes: ReadyProbe[] = [];
    let probing = true;
    const prober = (async () => {
      while (probing) {
        const answer = await httpRequest({ port: api.port, method: 'GET', path: '/readyz', timeoutMs: 5_000 });
        probes.push({ at: Date.now(), ...(answer.status === undefined ? {} : { status: answer.status }) });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const oldPrimary = set.primary.port;
    const killedAt = Date.now();
    await set.primary.kill();
    const answeredAtKill = client.outcomes.length;
    await waitFor('Sentinel to promote a replica', async () => (await set.primaryPort()) !== oldPrimary, { timeoutMs: 20_000, intervalMs: 100 });
    await waitFor('the API to accept again (10 answers 202 after the kill)', () => accepted(answeredAtKill) >= 10, { timeoutMs: 20_000, intervalMs: 50 });
    const acceptingAgainAfterMs = Date.now() - killedAt;
    await waitFor('/readyz to say ready again', () => probes.at(-1)?.status === 200, { timeoutMs: 10_000 });
    probing = false;
    await prober;
    const outcomes = await client.stop();

    const { accepted: acceptedTexts, summary } = summarize(outcomes);
    const counts = await gateway.waitUntilSent(acceptedTexts, 60_000);
    const slowest = Math.max(...outcomes.map((outcome) => outcome.ms));
    const duplicates = duplicatesOf(counts);
    const acceptedSet = new Set(acceptedTexts);
    const unannounced = [...counts.keys()].filter((text) => !acceptedSet.has(text));
    console.log(
      `[failover] requests: ${summary}; accepting again ${acceptingAgainAfterMs} ms after the kill; slowest answer ${slowest} ms; ` +
        `/readyz not ready ${probes.filter((probe) => probe.status !== 200).length}× of ${probes.length}; ` +
        `sent: ${counts.size} distinct, ${duplicates.length} more than once, ${unannounced.length} without a 202`,
    );

    expect(outcomes.filter((outcome) => outcome.status === undefined)).toEqual([]); // no connection failed or timed out
    expect(outcomes.filter((outcome) => outcome.status !== 202 && outcome.status !== 503)).toEqual([]);
    expect(slowest).toBeLessThan(2_500);
    expect(acceptingAgainAfterMs).toBeLessThan(15_000);
    expect(acceptedTexts.filter((text) => !counts.has(text))).toEqual([]); // none lost
    expect(probes.some((probe) => probe.at > killedAt && probe.status === 503)).toBe(true);
    // Followed the new primary by itself: neither process restarted.
    expect(worker.app.child.exitCode).toBeNull();
    expect(api.app.child.exitCode).toBeNull();
    expect(events('started')).toHaveLength(1);
  });
});

/**
 * A failover while the primary still runs (`SENTINEL FAILOVER`, as for maintenance): the old
 * primary is demoted under the API and the workers, which may hear `READONLY` from it.
 */
describe('Sentinel failover while the primary still runs (it is demoted to a replica)', () => {
  let set: TestRedisSentinelSet;
  let gateway: Gateway;
  beforeAll(async () => {
    // One replica: with two, the one not promoted could still acknowledge writes to the old
    // primary until Sentinel moves it over, and those would be lost (see deploy/sentinel).
    set = await startRedisSentinelSet({ replicaCount: 1, downAfterMs: 1_000 });
    gateway = createGateway('e2e-demoted', set.replica.url);
  });
  afterAll(async () => {
    await gateway?.teardown();
    await set?.stop();
  });

  it('answers only 202 or 503 (never a 5xx of another kind), accepts again once the old primary follows, and sends every message answered 202', async () => {
    const env = { REDIS_SENTINELS: set.sentinels, REDIS_SENTINEL_MASTER: set.masterName, REDIS_MIN_REPLICAS_ACK: '1' };
    const api = await gateway.startApi({ env });
    const worker = await gateway.startWorker({ scenario: { sendsmsDefault: { ok: true, delayMs: 20 } }, env });
    const client = startClientLoop({ port: () => api.port, label: 'demoted', concurrency: 4, pauseMs: 50 });
    const accepted = (from = 0) => client.outcomes.slice(from).filter((outcome) => outcome.status === 202).length;
    await waitFor('a steady stream of accepted messages', () => accepted() >= 40, { timeoutMs: 30_000 });

    const oldPrimary = set.primary.port;
    const startedAt = Date.now();
    await set.failover();
    const answeredAtFailover = client.outcomes.length;
    await waitFor('Sentinel to promote the replica', async () => (await set.primaryPort()) !== oldPrimary, { timeoutMs: 20_000, intervalMs: 100 });
    // REDIS_MIN_REPLICAS_ACK=1 is met again once the demoted primary is a replica of the new one,
    // which Sentinel arranges when it next looks at it (it looks at replicas every 10 s).
    await waitFor('the API to accept again (10 answers 202 after the failover)', () => accepted(answeredAtFailover) >= 10, { timeoutMs: 40_000, intervalMs: 50 });
    const acceptingAgainAfterMs = Date.now() - startedAt;
    const outcomes = await client.stop();

    const { accepted: acceptedTexts, summary } = summarize(outcomes);
    const counts = await gateway.waitUntilSent(acceptedTexts, 60_000);
    console.log(`[demoted primary] requests: ${summary}; accepting again ${acceptingAgainAfterMs} ms after SENTINEL FAILOVER`);
    expect(outcomes.filter((outcome) => outcome.status !== 202 && outcome.status !== 503)).toEqual([]);
    expect(Math.max(...outcomes.map((outcome) => outcome.ms))).toBeLessThan(2_500);
    expect(acceptingAgainAfterMs).toBeLessThan(30_000);
    expect(acceptedTexts.filter((text) => !counts.has(text))).toEqual([]);
    expect(worker.app.child.exitCode).toBeNull();
    expect(api.app.logs().filter((line) => line.event === 'http_error')).toEqual([]);
  });
});
