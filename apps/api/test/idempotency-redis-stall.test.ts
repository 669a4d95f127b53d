import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_REDIS_URL, startTcpProxy, waitFor, type TcpProxy } from '@sms-gateway/testing';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const auth = { authorization: `Bearer ${TOKEN}` };

/** The two send endpoints, each with its body. */
const sends = [
  { path: '/enviar-sms', body: { token: TOKEN, numero: '5511999990001', mensagem: 'oi' } },
  { path: '/v1/messages', body: { to: '5511999990001', text: 'oi' } },
] as const;

async function timedPost(api: TestApi, path: string, body: unknown, key: string) {
  const started = Date.now();
  const response = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, ...auth },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, ms: Date.now() - started };
}

// CONTRACT: "queue unreachable → 503 within 2 s; never 202", with an Idempotency-Key too: the key
// is claimed in Redis before anything else, and that claim must not hang on a Redis that hangs.
describe('a send with an Idempotency-Key while Redis hangs', () => {
  let proxy: TcpProxy;
  let api: TestApi;
  beforeAll(async () => {
    proxy = await startTcpProxy({ port: Number(new URL(SHARED_REDIS_URL).port) });
    api = await startTestApi({ REDIS_URL: proxy.redisUrl });
  });
  afterAll(async () => {
    proxy.thaw();
    await api.close();
    await proxy.stop();
  });

  it.each(sends)('$path answers 503 within 2 s, and a retry with the same key is accepted once Redis answers again', async ({ path, body }) => {
    const key = `stall-${path}`;
    await waitFor('the API to reach Redis', async () => (await timedPost(api, path, body, `warm-${path}`)).status === 202, { timeoutMs: 10_000, intervalMs: 100 });

    proxy.freeze();
    let refused;
    try {
      refused = await timedPost(api, path, body, key);
    } finally {
      proxy.thaw();
    }
    expect(refused.status).toBe(503);
    expect(refused.ms).toBeLessThan(2_000);

    // The claim of the key that Redis got late must not keep the key "in progress": the
    // client's retry is served, once, and its repeat replays it.
    const retried = await waitFor('a 202 for the retry', async () => {
      const answer = await timedPost(api, path, body, key);
      return answer.status === 202 && answer;
    }, { timeoutMs: 10_000, intervalMs: 200 });
    expect(retried.ms).toBeLessThan(2_000);
    const repeat = await timedPost(api, path, body, key);
    expect(repeat).toMatchObject({ status: 202, json: retried.json });
  });
});
