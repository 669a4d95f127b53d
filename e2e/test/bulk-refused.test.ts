import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRequest, startRedisServer, startTcpProxy, waitFor, type TcpProxy, type TestRedis } from '@sms-gateway/testing';
import { createGateway, TOKEN, type Gateway } from './support/gateway';

const bulk = (label: string, count: number) =>
  JSON.stringify({ messages: Array.from({ length: count }, (_, index) => ({ to: `55119${String(index).padStart(8, '0')}`, text: `${label}-${index}` })) });

const postBulk = (port: number, body: string) =>
  httpRequest({ port, path: '/v1/messages/bulk', headers: [['content-type', 'application/json'], ['authorization', `Bearer ${TOKEN}`]], body });

// CONTRACT: "A bulk request is all or nothing: 202 with every valid item stored, or 503 with none
// of them ever sent." The worker here talks to Redis directly, so it sees whatever Redis stores
// while the API's own connection is stalled half-way through the request.
describe('a bulk request refused while Redis stalls in the middle of it', () => {
  let redis: TestRedis;
  let proxy: TcpProxy | undefined;
  let gateway: Gateway | undefined;
  afterEach(async () => {
    proxy?.thaw();
    await gateway?.teardown();
    await proxy?.stop();
    await redis?.stop();
  });

  it('answers 503 and none of its messages reaches the modem, not even those Redis stored before it stalled', async () => {
    redis = await startRedisServer();
    proxy = await startTcpProxy({ port: redis.port });
    gateway = createGateway('e2e-bulk-refused', redis.url);
    const api = await gateway.startApi({ env: { REDIS_URL: proxy.redisUrl } });
    await gateway.startWorker({ modem: 'real gammu' });

    const before = proxy.requestBytes;
    expect((await postBulk(api.port, bulk('warm', 200))).status).toBe(202);
    const bulkBytes = proxy.requestBytes - before;

    proxy.freezeRequestsAfter(Math.floor(bulkBytes / 2));
    const refused = await postBulk(api.port, bulk('stall', 200));
    expect(refused.status).toBe(503);
    expect(refused.ms).toBeLessThan(2_500);
    proxy.thaw();

    // Every warm message goes out; a stalled one would be among them (one modem, oldest first).
    await gateway.waitUntilSent(Array.from({ length: 200 }, (_, index) => `warm-${index}`), 60_000);
    await waitFor('the queue to be idle', async () => {
      const counts = await gateway!.queue().queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).every((count) => count === 0);
    }, { timeoutMs: 20_000 });
    await sleep(1_000); // proving an absence: let time pass
    const sent = [...gateway.sentCounts()].filter(([text]) => text.startsWith('stall-'));
    console.log(`[bulk refused] ${sent.length} of the 503'd bulk's 200 messages were sent`);
    expect(sent).toEqual([]);
  });
});
