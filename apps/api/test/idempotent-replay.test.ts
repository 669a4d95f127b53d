import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

// CONTRACT: "An Idempotency-Key repeat returns the first answer (status and body,
// Idempotent-Replayed: true) whatever happened since, on both endpoints; bodies are compared
// as JSON values (key order ignored)."
describe('Idempotency-Key replays', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  async function post(path: string, body: string, key: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
    const response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...headers },
      body,
    });
    return { status: response.status, replayed: response.headers.get('idempotent-replayed'), json: (await response.json()) as Record<string, unknown> };
  }

  it('replays the first 202 after the message’s expiresAt has passed, instead of validating the repeat again', async () => {
    const key = randomUUID();
    const body = JSON.stringify({ to: '+5511987654321', text: 'soon stale', expiresAt: new Date(Date.now() + 1_200).toISOString() });
    const first = await post('/v1/messages', body, key);
    expect(first).toMatchObject({ status: 202, replayed: null });
    await sleep(1_500); // the repeat must come after expiresAt
    const repeat = await post('/v1/messages', body, key);
    expect(repeat).toEqual({ status: 202, replayed: 'true', json: first.json });
  });

  it('replays a body whose keys come in another order (single and bulk), and still refuses another body with 409', async () => {
    const key = randomUUID();
    const first = await post('/v1/messages', '{"to": "+5511987654321", "text": "same", "reference": "r-1"}', key);
    expect(first.status).toBe(202);
    const reordered = await post('/v1/messages', '{"reference": "r-1", "text": "same", "to": "+5511987654321"}', key);
    expect(reordered).toEqual({ status: 202, replayed: 'true', json: first.json });
    const other = await post('/v1/messages', '{"reference": "r-2", "text": "same", "to": "+5511987654321"}', key);
    expect(other).toMatchObject({ status: 409, json: { error: { code: 'idempotency_conflict' } } });

    const bulkKey = randomUUID();
    const bulk = await post('/v1/messages/bulk', '{"messages": [{"to": "5511911110001", "text": "a"}, {"text": "b", "to": "5511911110002"}]}', bulkKey);
    expect(bulk.status).toBe(202);
    const bulkReordered = await post('/v1/messages/bulk', '{"messages": [{"text": "a", "to": "5511911110001"}, {"to": "5511911110002", "text": "b"}]}', bulkKey);
    expect(bulkReordered).toEqual({ status: 202, replayed: 'true', json: bulk.json });
  });

  it('replays the first 202 on both endpoints after a replica with narrower ALLOWED_NUMBER_PREFIXES took over', async () => {
    const legacyKey = randomUUID();
    const legacyBody = JSON.stringify({ token: TOKEN, numero: '5511987654321', mensagem: 'antes da mudança' });
    const legacyFirst = await post('/enviar-sms', legacyBody, legacyKey, {});
    expect(legacyFirst.status).toBe(202);
    const v1Key = randomUUID();
    const v1Body = JSON.stringify({ to: '5511987654321', text: 'before the change' });
    const v1First = await post('/v1/messages', v1Body, v1Key);
    expect(v1First.status).toBe(202);

    // The same deployment (QUEUE_PREFIX) restarted to accept only +1 numbers.
    const narrower = await startTestApi({ QUEUE_PREFIX: api.prefix, ALLOWED_NUMBER_PREFIXES: '+1' });
    try {
      const repeat = async (path: string, body: string, key: string, headers?: Record<string, string>) => {
        const response = await fetch(`${narrower.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key, ...headers }, body });
        return { status: response.status, replayed: response.headers.get('idempotent-replayed'), json: (await response.json()) as Record<string, unknown> };
      };
      expect(await repeat('/enviar-sms', legacyBody, legacyKey)).toEqual({ status: 202, replayed: 'true', json: legacyFirst.json });
      expect(await repeat('/v1/messages', v1Body, v1Key, { authorization: `Bearer ${TOKEN}` })).toEqual({ status: 202, replayed: 'true', json: v1First.json });
      // A new request is held to the new rule.
      expect((await repeat('/enviar-sms', legacyBody, randomUUID())).status).toBe(400);
    } finally {
      await narrower.server.close();
      await narrower.queue.close();
    }
  });

  it('marks a replayed POST /enviar-sms with Idempotent-Replayed: true, like v1', async () => {
    const key = randomUUID();
    const body = JSON.stringify({ token: TOKEN, numero: '5511987654321', mensagem: 'oi de novo' });
    const first = await post('/enviar-sms', body, key, {});
    expect(first).toMatchObject({ status: 202, replayed: null, json: { status: 'aceito' } });
    const repeat = await post('/enviar-sms', body, key, {});
    expect(repeat).toEqual({ status: 202, replayed: 'true', json: first.json });
  });
});
