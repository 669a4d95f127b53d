import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConcurrently, SHARED_REDIS_URL, startNginxProxy, type NginxProxy } from '@sms-gateway/testing';
import { createGateway, duplicatesOf, postSms, summarize, type Gateway, type SmsOutcome } from './support/gateway';

const MESSAGES = 1_000;
// A thousand real gammu runs take about 75 s on an idle CI machine, and well over 100 s when
// the other suites run alongside: the bounds leave room for that.
const SEND_BOUND_MS = 200_000;
const TEST_BOUND_MS = 240_000;

describe('horizontal scaling: three APIs behind nginx, two workers', () => {
  let gateway: Gateway;
  let nginx: NginxProxy | undefined;
  beforeAll(() => {
    gateway = createGateway('e2e-scale', SHARED_REDIS_URL);
  });
  afterAll(async () => {
    await nginx?.stop();
    await gateway?.teardown();
  });

  it('1,000 messages in through nginx come out as exactly 1,000 distinct SMS across two modems, none twice, both modems used', async () => {
    const apis = await Promise.all([gateway.startApi(), gateway.startApi(), gateway.startApi()]);
    nginx = await startNginxProxy({ upstreamPorts: apis.map((api) => api.port) });
    // The real gammu (dummy driver): a thousand runs of the Node fake would take most of the time.
    const workers = await Promise.all([gateway.startWorker({ modem: 'real gammu' }), gateway.startWorker({ modem: 'real gammu' })]);

    const outcomes: SmsOutcome[] = [];
    const startedAt = Date.now();
    const proxyPort = nginx.port;
    await runConcurrently(MESSAGES, 20, async (index) => {
      outcomes.push(await postSms(proxyPort, `msg-${index}`));
    });
    const acceptMs = Date.now() - startedAt;
    const { accepted, summary } = summarize(outcomes);
    expect(summary).toBe(`202×${MESSAGES}`);

    const counts = await gateway.waitUntilSent(accepted, SEND_BOUND_MS);
    const sendMs = Date.now() - startedAt;
    const perApi = apis.map(({ app }) => app.logs().filter((line) => line.event === 'accepted').length);
    const perWorker = workers.map(({ gammu }) => gammu.sends().length);
    console.log(
      `[nginx + 3 APIs + 2 workers] accepted ${accepted.length} in ${acceptMs} ms (per API: ${perApi.join('/')}); ` +
        `all sent after ${sendMs} ms (per modem: ${perWorker.join('/')}); sent twice or more: ${duplicatesOf(counts).length}`,
    );

    expect(counts.size).toBe(MESSAGES);
    expect(duplicatesOf(counts)).toEqual([]);
    expect(perWorker.reduce((sum, n) => sum + n, 0)).toBe(MESSAGES);
    expect(perWorker.every((n) => n > 0)).toBe(true);
    expect(perApi.every((n) => n > 0)).toBe(true);
    expect(perApi.reduce((sum, n) => sum + n, 0)).toBe(MESSAGES);
  }, TEST_BOUND_MS);
});
