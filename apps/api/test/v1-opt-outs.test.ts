import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue, SHARED_REDIS_URL } from '@sms-gateway/testing';
import { OptOutStore, twoWayKeys } from '@sms-gateway/two-way';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const auth = { authorization: `Bearer ${TOKEN}` };
const OPTED_OUT_LEGACY = { status: 'erro', mensagem: 'Número descadastrado: não recebe mais SMS.' };

describe('opt-outs: /v1/opt-outs and the refusal of new messages (PHONE_DEFAULT_REGION=BR)', () => {
  let api: TestApi;
  let redis: Redis;
  const call = async (method: string, path: string, headers: Record<string, string> = auth) => {
    const response = await fetch(`${api.url}${path}`, { method, headers });
    const text = await response.text();
    return { status: response.status, json: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & { data?: Record<string, unknown>[] } };
  };
  const send = (to: string, headers: Record<string, string> = {}) => api.post('/v1/messages', { to, text: 'Lembrete: consulta amanhã' }, { ...auth, ...headers });

  beforeAll(async () => {
    api = await startTestApi({ PHONE_DEFAULT_REGION: 'BR' });
    redis = new Redis(SHARED_REDIS_URL);
  });
  beforeEach(async () => {
    await redis.del(twoWayKeys(api.prefix).optOuts);
  });
  afterAll(async () => {
    redis.disconnect();
    await api.close();
  });

  it('PUT opts a number out once (201, then 200 with the first record for any spelling); GET lists it', async () => {
    const first = await call('PUT', `/v1/opt-outs/${encodeURIComponent('+55 11 98888-7777')}`);
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ number: '+5511988887777', comparable: '5511988887777', source: 'api', optedOutAt: expect.any(String) });
    const again = await call('PUT', '/v1/opt-outs/11988887777');
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    const list = await call('GET', '/v1/opt-outs');
    expect(list.status).toBe(200);
    expect(list.json).toEqual({ data: [first.json] });
  });

  it('refuses new messages to an opted-out number in every spelling: v1 422 recipient_opted_out, /enviar-sms 400; nothing is queued', async () => {
    expect((await call('PUT', '/v1/opt-outs/5511988887777')).status).toBe(201);
    const before = await api.jobCount();
    for (const to of ['+55 11 98888-7777', '(11) 98888-7777', '011 98888 7777']) {
      const v1 = await send(to);
      expect(v1.status, to).toBe(422);
      expect(v1.json).toMatchObject({ error: { code: 'recipient_opted_out', details: [{ field: 'to' }] } });
      const legacy = await api.post('/enviar-sms', { token: TOKEN, numero: to, mensagem: 'oi' });
      expect({ status: legacy.status, body: legacy.json }, to).toEqual({ status: 400, body: OPTED_OUT_LEGACY });
    }
    expect(await api.jobCount()).toBe(before);
    // Someone else is still reachable.
    expect((await send('+55 11 97777-6666')).status).toBe(202);
    expect((await api.post('/enviar-sms', { token: TOKEN, numero: '11977776666', mensagem: 'oi' })).status).toBe(202);
  });

  it('refuses a number that opted out by SMS keyword too (as the worker records it)', async () => {
    await new OptOutStore({ redis, prefix: api.prefix, region: 'BR' }).optOut('+5521966665555', 'keyword');
    expect((await send('21 96666-5555')).json).toMatchObject({ error: { code: 'recipient_opted_out' } });
    expect((await call('GET', '/v1/opt-outs')).json.data).toMatchObject([{ number: '+5521966665555', source: 'keyword' }]);
  });

  it('in a bulk request, an opted-out recipient is that item\'s error and the others are stored', async () => {
    await call('PUT', '/v1/opt-outs/5511988887777');
    const before = await api.jobCount();
    const bulk = await api.post('/v1/messages/bulk', { messages: [{ to: '11977776666', text: 'a' }, { to: '11 98888-7777', text: 'b' }, { to: '11955554444', text: 'c' }] }, auth);
    expect(bulk.status).toBe(202);
    expect(bulk.json).toMatchObject({
      accepted: 2,
      rejected: 1,
      results: [{ index: 0, status: 'queued' }, { index: 1, error: { code: 'recipient_opted_out' } }, { index: 2, status: 'queued' }],
    });
    expect(await api.jobCount()).toBe(before + 2);
    const none = await api.post('/v1/messages/bulk', { messages: [{ to: '+5511988887777', text: 'a' }] }, auth);
    expect(none.status).toBe(422);
    expect(none.json).toMatchObject({ accepted: 0, rejected: 1, results: [{ index: 0, error: { code: 'recipient_opted_out' } }] });
  });

  it('DELETE opts the number back in (204, then 404): messages to it are accepted again', async () => {
    await call('PUT', '/v1/opt-outs/5511988887777');
    expect((await send('11988887777')).status).toBe(422);
    expect((await call('DELETE', `/v1/opt-outs/${encodeURIComponent('+55 (11) 98888-7777')}`)).status).toBe(204);
    expect((await call('GET', '/v1/opt-outs')).json).toEqual({ data: [] });
    expect((await send('11988887777')).status).toBe(202);
    const again = await call('DELETE', '/v1/opt-outs/5511988887777');
    expect(again.status).toBe(404);
    expect(again.json).toMatchObject({ error: { code: 'not_found' } });
  });

  it('an Idempotency-Key repeat gets its first answer even after the number opted out', async () => {
    const first = await send('11944443333', { 'idempotency-key': 'before-opt-out' });
    expect(first.status).toBe(202);
    await call('PUT', '/v1/opt-outs/11944443333');
    const repeat = await send('11944443333', { 'idempotency-key': 'before-opt-out' });
    expect(repeat).toEqual(first);
    expect((await send('11944443333', { 'idempotency-key': 'after-opt-out' })).status).toBe(422);
  });

  it('answers 422 for a path that is not a phone number, and needs the token', async () => {
    for (const number of ['abc', '12', '-123456', '1'.repeat(25)]) {
      const answer = await call('PUT', `/v1/opt-outs/${encodeURIComponent(number)}`);
      expect(answer.status, number).toBe(422);
      expect(answer.json).toMatchObject({ error: { code: 'validation_failed', details: [{ field: 'number' }] } });
    }
    expect((await call('GET', '/v1/opt-outs', {})).status).toBe(401);
    expect((await call('PUT', '/v1/opt-outs/5511988887777', {})).status).toBe(401);
    expect((await call('DELETE', '/v1/opt-outs/5511988887777', { authorization: 'Bearer wrong-token-0000000000' })).status).toBe(403);
  });

  it('counts refusals by route and the numbers on the list in /metrics, and labels the new routes by template', async () => {
    const scrape = async () => parsePrometheusText(await (await fetch(`${api.url}/metrics`)).text());
    const refusals = (families: Awaited<ReturnType<typeof scrape>>, route: string) => sampleValue(families, 'sms_gateway_opt_out_refusals_total', { route }) ?? 0;
    const before = await scrape();
    await call('PUT', '/v1/opt-outs/5511988887777');
    await call('PUT', '/v1/opt-outs/5511977776666');
    await send('11988887777');
    await api.post('/enviar-sms', { token: TOKEN, numero: '11988887777', mensagem: 'oi' });
    await api.post('/v1/messages/bulk', { messages: [{ to: '11988887777', text: 'a' }, { to: '11977776666', text: 'b' }, { to: '11900001111', text: 'c' }] }, auth);
    const after = await scrape();
    expect(refusals(after, '/v1/messages') - refusals(before, '/v1/messages')).toBe(1);
    expect(refusals(after, '/enviar-sms') - refusals(before, '/enviar-sms')).toBe(1);
    expect(refusals(after, '/v1/messages/bulk') - refusals(before, '/v1/messages/bulk')).toBe(2);
    expect(sampleValue(after, 'sms_gateway_opt_outs', {})).toBe(2);
    expect(sampleValue(after, 'sms_gateway_http_requests_total', { method: 'PUT', route: '/v1/opt-outs/:number', status: '201' })).toBeGreaterThanOrEqual(2);
  });
});
