import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, SHARED_REDIS_URL, waitFor, type AppProcess } from '@sms-gateway/testing';
import { createGateway, duplicatesOf, startClientLoop, summarize, type Gateway, type RunningApi, type RunningWorker } from './support/gateway';

const SHUTDOWN_TIMEOUT_MS = 5_000; // FAST_WORKER_ENV; the API's default is 30 s but it drains in well under 2 s here

/** Sends SIGTERM and returns the exit code, failing if the process takes longer than `timeoutMs`. */
async function terminate(app: AppProcess, timeoutMs: number): Promise<number | null> {
  let code: number | null | undefined;
  void app.exited().then((exitCode) => (code = exitCode));
  app.child.kill('SIGTERM');
  await waitFor(`the process to exit within ${timeoutMs} ms after SIGTERM\n--- output ---\n${app.output().slice(-2000)}`, () => code !== undefined, {
    timeoutMs,
  });
  return code ?? null;
}

describe('SIGTERM to the API and the worker under load', () => {
  let gateway: Gateway;
  beforeAll(() => {
    gateway = createGateway('e2e-sigterm', SHARED_REDIS_URL);
  });
  afterAll(async () => {
    await gateway?.teardown();
  });

  it('every request answered 202 is sent exactly once, nothing unanswered is sent, and every stopped process exits 0', async () => {
    const port = await freePort();
    const apis: RunningApi[] = [await gateway.startApi({ port })];
    const scenario = { sendsmsDefault: { ok: true as const, delayMs: 50 } };
    const workers: RunningWorker[] = [await gateway.startWorker({ scenario })];
    const exitCodes: Record<string, number | null> = {};
    const answeredAtSigterm: Record<string, number> = {};

    // 200 requests that reach an API, from 10 connections, spread over a few seconds so both restarts
    // happen mid-way. A refused connection (the API restarting) makes a lane wait 500 ms and does not
    // count, so the new API gets its share however long it takes to start on a busy machine.
    const client = startClientLoop({ port: () => port, label: 'msg', concurrency: 10, pauseMs: 150, pauseAfterErrorMs: 500, count: 200 });

    const restartApi = async () => {
      await waitFor('60 requests answered', () => client.outcomes.length >= 60, { timeoutMs: 30_000 });
      answeredAtSigterm.api = client.outcomes.length;
      exitCodes['first API'] = await terminate(apis[0]!.app, 10_000);
      apis.push(await gateway.startApi({ port })); // same port: the client keeps going
    };
    const restartWorker = async () => {
      const first = workers[0]!;
      const events = (event: string) => first.app.logs().filter((line) => line.event === event);
      await waitFor('120 requests answered and the first worker to have sent 5', () => client.outcomes.length >= 120 && events('sent').length >= 5, {
        timeoutMs: 30_000,
      });
      await waitFor('a send in flight', () => events('attempt').length > events('sent').length, { timeoutMs: 5_000, intervalMs: 5 });
      answeredAtSigterm.worker = client.outcomes.length;
      exitCodes['first worker'] = await terminate(first.app, SHUTDOWN_TIMEOUT_MS + 2_000);
      // The second worker sends most of the 200: on the real gammu (dummy driver) rather than the
      // scripted one, which costs a Node start per run and took over 60 s on a busy CI machine.
      workers.push(await gateway.startWorker({ modem: 'real gammu' }));
    };
    await Promise.all([restartApi(), restartWorker()]);
    const outcomes = await client.done;

    const { accepted, summary } = summarize(outcomes);
    const counts = await gateway.waitUntilSent(accepted, 60_000);
    // Let a stray duplicate or an unanswered message surface before judging (proving an absence).
    await waitFor('the queue to be idle', async () => {
      const jobs = await gateway.queue().queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(jobs).every((count) => count === 0);
    }, { timeoutMs: 10_000 });
    const final = gateway.sentCounts();

    exitCodes['second API'] = await terminate(apis[1]!.app, 10_000);
    exitCodes['second worker'] = await terminate(workers[1]!.app, SHUTDOWN_TIMEOUT_MS + 2_000);

    const acceptedSet = new Set(accepted);
    const duplicates = duplicatesOf(final);
    const unannounced = [...final.keys()].filter((text) => !acceptedSet.has(text));
    console.log(
      `[SIGTERM under load] requests: ${summary}; sent: ${final.size} distinct (first worker ${workers[0]!.gammu.sends().length}, ` +
        `second ${workers[1]!.gammu.sends().length}); twice or more: ${duplicates.length}; sent without a 202: ${unannounced.length}; ` +
        `requests answered at SIGTERM: ${JSON.stringify(answeredAtSigterm)}; exit codes: ${JSON.stringify(exitCodes)}`,
    );
    expect(outcomes.filter((outcome) => outcome.error !== 'ECONNREFUSED')).toHaveLength(200);
    expect(accepted.filter((text) => !counts.has(text))).toEqual([]);
    expect(duplicates).toEqual([]);
    expect(unannounced).toEqual([]);
    expect(exitCodes).toEqual({ 'first API': 0, 'first worker': 0, 'second API': 0, 'second worker': 0 });
    // The restarts really happened mid-load: each API and each worker had a share.
    expect(apis.map(({ app }) => app.logs().filter((line) => line.event === 'accepted').length).every((n) => n > 0)).toBe(true);
    expect(workers.every(({ gammu }) => gammu.sends().length > 0)).toBe(true);
    for (const { app } of [...apis, ...workers]) expect(app.logs().at(-1)).toMatchObject({ event: 'stopped', message: 'stopped' });
  });
});
