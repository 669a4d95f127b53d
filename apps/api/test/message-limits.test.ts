import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const auth = { authorization: `Bearer ${TOKEN}` };
const DAY_MS = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

describe('sendAt at most 30 days ahead', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses a sendAt 31 days ahead with 422, alone and in a bulk request, and schedules one 29 days ahead', async () => {
    const far = await api.post('/v1/messages', { to: '5511987654321', text: 'too early to plan', sendAt: inDays(31) }, auth);
    expect(far.status).toBe(422);
    expect(far.json).toMatchObject({ error: { code: 'validation_failed', details: [{ field: 'sendAt', message: expect.stringMatching(/30 days/) }] } });

    const bulk = await api.post('/v1/messages/bulk', { messages: [{ to: '5511987654321', text: 'a', sendAt: inDays(29) }, { to: '5511987654321', text: 'b', sendAt: inDays(400) }] }, auth);
    expect(bulk.status).toBe(202);
    expect(bulk.json).toMatchObject({ accepted: 1, rejected: 1, results: [{ index: 0, status: 'scheduled' }, { index: 1, error: { code: 'validation_failed' } }] });
    expect(await api.jobCount()).toBe(1);
  });
});

describe('ALLOWED_NUMBER_PREFIXES', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ ALLOWED_NUMBER_PREFIXES: '+55,55' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('takes numbers that start with a listed prefix once formatting is stripped, on both endpoints', async () => {
    expect((await api.post('/enviar-sms', { token: TOKEN, numero: '+55 (11) 98765-4321', mensagem: 'oi' })).status).toBe(202);
    expect((await api.post('/enviar-sms', { token: TOKEN, numero: '55.11.98765.4321', mensagem: 'oi' })).status).toBe(202);
    expect((await api.post('/v1/messages', { to: '+55 11 98765-4321', text: 'oi' }, auth)).status).toBe(202);
  });

  it('refuses any other number: /enviar-sms 400 with detalhes, v1 422 (bulk: per item), and stores none of them', async () => {
    const before = await api.jobCount();
    for (const numero of ['+1 900 555 0100', '11987654321', '+882 1234 5678', '(0) 55 1234']) {
      const legacy = await api.post('/enviar-sms', { token: TOKEN, numero, mensagem: 'premium?' });
      expect(legacy.status, numero).toBe(400);
      expect(legacy.json, numero).toEqual({
        status: 'erro',
        mensagem: 'Valor inválido em numero.',
        detalhes: [{ campo: 'numero', mensagem: expect.stringMatching(/\+55 ou 55/) }],
      });
    }
    const v1 = await api.post('/v1/messages', { to: '+1 900 555 0100', text: 'premium?' }, auth);
    expect(v1.status).toBe(422);
    expect(v1.json).toMatchObject({ error: { code: 'validation_failed', details: [{ field: 'to' }] } });
    const bulk = await api.post('/v1/messages/bulk', { messages: [{ to: '+5511987654321', text: 'ok' }, { to: '+19005550100', text: 'no' }] }, auth);
    expect(bulk.json).toMatchObject({ accepted: 1, rejected: 1, results: [{ index: 0 }, { index: 1, error: { code: 'validation_failed', details: [{ field: 'to' }] } }] });
    expect(await api.jobCount()).toBe(before + 1);
  });
});
