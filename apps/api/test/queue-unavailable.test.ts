import { describe, expect, it } from 'vitest';
import { freePort, waitFor } from '@sms-gateway/testing';
import { startTestApi, TOKEN, type TestApi, useApiOnPrivateRedis } from './api-harness';

const message = { token: TOKEN, numero: '123456789', mensagem: 'oi' };

async function timedPost(api: TestApi) {
  const started = Date.now();
  const response = await api.post('/enviar-sms', message);
  return { ...response, ms: Date.now() - started };
}

describe('when Redis is unreachable', () => {
  const stack = useApiOnPrivateRedis();

  it('answers 503 within 2 s, never 202, and recovers by itself when Redis returns', async () => {
    const [api, redis] = [stack.api(), stack.redis()];
    expect((await timedPost(api)).status).toBe(202);

    await redis.kill();
    for (let i = 0; i < 3; i++) {
      const response = await timedPost(api);
      expect(response.status).toBe(503);
      expect(response.json).toEqual({ status: 'erro', mensagem: 'Fila indisponível, tente novamente.' });
      expect(response.ms).toBeLessThan(2_000);
    }

    // With an Idempotency-Key too (it needs Redis before the queue does), and on v1.
    const keyed = await api.post('/enviar-sms', message, { 'idempotency-key': 'while-down' });
    expect(keyed.status).toBe(503);
    const v1 = await api.post('/v1/messages', { to: '123456789', text: 'oi' }, { authorization: `Bearer ${TOKEN}`, 'idempotency-key': 'v1-down' });
    expect(v1.status).toBe(503);
    expect(v1.json).toMatchObject({ error: { code: 'queue_unavailable' } });

    await redis.restart();
    const recovered = await waitFor('a 202 after Redis came back', async () => {
      const response = await timedPost(api);
      return response.status === 202 && response;
    }, { timeoutMs: 15_000, intervalMs: 200 });
    expect(await api.queue.job(String(recovered.json.id))).toBeDefined();
  });
});

describe('when Redis is down as the API starts', () => {
  it('starts anyway and answers 503 within 2 s', async () => {
    const api = await startTestApi({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    try {
      const response = await timedPost(api);
      expect(response.status).toBe(503);
      expect(response.ms).toBeLessThan(2_000);
      const status = await fetch(`${api.url}/status`);
      expect(status.status).toBe(200);
    } finally {
      await api.server.close();
      await api.queue.close();
    }
  });
});
