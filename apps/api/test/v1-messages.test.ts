import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const auth = { authorization: `Bearer ${TOKEN}` };
const future = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('POST /v1/messages', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  async function expectError(body: unknown, headers: Record<string, string>, status: number, code: string) {
    const before = await api.jobCount();
    const response = await api.post('/v1/messages', body, headers);
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ error: { code, message: expect.any(String) } });
    expect(await api.jobCount()).toBe(before);
    return response.json as { error: { details?: { field: string; message: string }[] } };
  }

  it('answers 202 with the id, queued status, masked number, parts and encoding once stored', async () => {
    const response = await api.post('/v1/messages', { to: '+55 11 99999-1234', text: 'Olá!', reference: 'order-77' }, auth);
    expect(response.status).toBe(202);
    expect(response.json).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'queued',
      to: '**********1234',
      segments: 1,
      encoding: 'ucs2',
      createdAt: expect.stringMatching(/^\d{4}-/),
      reference: 'order-77',
    });
    const job = await api.queue.job(String(response.json.id));
    expect(job?.data).toMatchObject({ to: '+5511999991234', text: 'Olá!', source: 'v1', reference: 'order-77' });
  });

  it('answers 401 without a Bearer token and 403 with a wrong one', async () => {
    await expectError({ to: '123456', text: 'x' }, {}, 401, 'unauthorized');
    await expectError({ to: '123456', text: 'x', token: TOKEN }, {}, 401, 'unauthorized');
    await expectError({ to: '123456', text: 'x' }, { authorization: 'Bearer nope' }, 403, 'forbidden');
  });

  it('answers 415 to a body that is not application/json, 400 to malformed JSON, 413 to a body over 64 KB', async () => {
    await expectError('to=123', { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type');
    await expectError('{"to": ', auth, 400, 'invalid_json');
    await expectError({ to: '123456', text: 'a'.repeat(70_000) }, auth, 413, 'payload_too_large');
  });

  it('answers 422 naming every invalid field, including unknown ones', async () => {
    const json = await expectError({ to: '-h', text: '', colour: 'red' }, auth, 422, 'validation_failed');
    expect(json.error.details?.map((detail) => detail.field)).toEqual(['to', 'text', 'colour']);
  });

  it('refuses an expiresAt in the past or before sendAt, and a callbackUrl when webhooks cannot be signed', async () => {
    await expectError({ to: '123456', text: 'x', expiresAt: '2020-01-01T00:00:00Z' }, auth, 422, 'validation_failed');
    await expectError({ to: '123456', text: 'x', sendAt: future(60_000), expiresAt: future(30_000) }, auth, 422, 'validation_failed');
    const json = await expectError({ to: '123456', text: 'x', callbackUrl: 'https://example.com/hook' }, auth, 422, 'validation_failed');
    expect(json.error.details?.[0]?.message).toMatch(/WEBHOOK_SECRET/);
  });

  it('refuses impossible calendar dates and date-times without an offset, naming the field (422)', async () => {
    for (const sendAt of ['2030-02-30T09:00:00Z', '2031-02-29T09:00:00-03:00', '2030-01-31T24:00:00Z', '2030-01-31T09:00:00', '2030-01-31', 1_900_000_000_000]) {
      const json = await expectError({ to: '123456', text: 'x', sendAt }, auth, 422, 'validation_failed');
      expect(json.error.details?.map((detail) => detail.field)).toEqual(['sendAt']);
    }
    const json = await expectError({ to: '123456', text: 'x', expiresAt: '2030-02-30T09:00:00+01:00' }, auth, 422, 'validation_failed');
    expect(json.error.details).toEqual([{ field: 'expiresAt', message: expect.stringMatching(/calendar/) }]);
  });

  it('schedules a message with a future sendAt as a delayed job', async () => {
    const sendAt = future(60 * 60 * 1000);
    const response = await api.post('/v1/messages', { to: '123456', text: 'later', sendAt }, auth);
    expect(response.json).toMatchObject({ status: 'scheduled', sendAt });
    const id = String(response.json.id);
    expect(await api.queue.state(id)).toBe('delayed');
    const status = await fetch(`${api.url}/v1/messages/${id}`, { headers: auth });
    expect(await status.json()).toMatchObject({ id, status: 'scheduled', sendAt, attempts: 0 });
  });
});

describe('GET /v1/messages/:id', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('shows a message accepted by the legacy endpoint, and 404 for an unknown id', async () => {
    const legacy = await api.post('/enviar-sms', { token: TOKEN, numero: '5511987654321', mensagem: 'oi' });
    const response = await fetch(`${api.url}/v1/messages/${String(legacy.json.id)}`, { headers: auth });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: legacy.json.id,
      status: 'queued',
      to: '*********4321',
      attempts: 0,
      transitions: { queued: expect.any(String) },
    });
    const unknown = await fetch(`${api.url}/v1/messages/00000000-0000-0000-0000-000000000000`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('POST /v1/messages/bulk', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('validates each message on its own and stores the valid ones, answering one result per item', async () => {
    const response = await api.post(
      '/v1/messages/bulk',
      { messages: [{ to: '5511911110001', text: 'aviso' }, { to: 'abc', text: 'aviso' }, { to: '5511911110003', text: 'aviso' }] },
      auth,
    );
    expect(response.status).toBe(202);
    expect(response.json).toMatchObject({
      accepted: 2,
      rejected: 1,
      results: [
        { index: 0, status: 'queued', id: expect.any(String) },
        { index: 1, error: { code: 'validation_failed', details: [expect.objectContaining({ field: 'to' })] } },
        { index: 2, status: 'queued', id: expect.any(String) },
      ],
    });
    expect(await api.jobCount()).toBe(2);
  });

  it('takes 1,000 messages in one request and refuses 1,001', async () => {
    const before = await api.jobCount();
    const messages = Array.from({ length: 1000 }, (_, i) => ({ to: `55119${String(i).padStart(8, '0')}`, text: `Reunião de pais, aviso ${i}` }));
    const response = await api.post('/v1/messages/bulk', { messages }, auth);
    expect(response.status).toBe(202);
    expect(response.json.accepted).toBe(1000);
    expect(await api.jobCount()).toBe(before + 1000);
    const tooMany = await api.post('/v1/messages/bulk', { messages: [...messages, messages[0]] }, auth);
    expect(tooMany.status).toBe(422);
    expect(await api.jobCount()).toBe(before + 1000);
  });

  it('answers 422 when no message is valid', async () => {
    const response = await api.post('/v1/messages/bulk', { messages: [{ to: '-1', text: 'x' }] }, auth);
    expect(response.status).toBe(422);
    expect(response.json).toMatchObject({ accepted: 0, rejected: 1 });
  });
});

describe('GET /v1/messages', () => {
  let api: TestApi;
  const ids: string[] = [];
  beforeAll(async () => {
    api = await startTestApi();
    for (let i = 0; i < 5; i++) {
      const response = await api.post('/v1/messages', { to: `55119000000${i}`, text: `m${i}` }, auth);
      ids.push(String(response.json.id));
      await new Promise((resolve) => setTimeout(resolve, 2)); // distinct createdAt
    }
    await api.post('/v1/messages', { to: '5511900000099', text: 'later', sendAt: future(3_600_000) }, auth);
  });
  afterAll(async () => {
    await api.close();
  });

  const list = async (query: string) => (await fetch(`${api.url}/v1/messages?${query}`, { headers: auth })).json() as Promise<{
    data: { id: string; status: string }[];
    nextCursor?: string;
  }>;

  it('pages newest first with a cursor', async () => {
    const first = await list('status=queued&limit=2');
    expect(first.data.map((m) => m.id)).toEqual([ids[4], ids[3]]);
    const second = await list(`status=queued&limit=2&cursor=${first.nextCursor}`);
    expect(second.data.map((m) => m.id)).toEqual([ids[2], ids[1]]);
    const last = await list(`status=queued&limit=2&cursor=${second.nextCursor}`);
    expect(last.data.map((m) => m.id)).toEqual([ids[0]]);
    expect(last.nextCursor).toBeUndefined();
  });

  it('filters by status', async () => {
    const scheduled = await list('status=scheduled');
    expect(scheduled.data).toHaveLength(1);
    expect(scheduled.data[0]?.status).toBe('scheduled');
    expect((await list('limit=100')).data).toHaveLength(6);
  });

  it('answers 400 to an unknown status or a bad limit', async () => {
    const response = await fetch(`${api.url}/v1/messages?status=lost&limit=0`, { headers: auth });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_query' } });
  });
});

describe('Idempotency-Key', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers a repeat with the first answer and queues nothing new; another body is 409', async () => {
    const headers = { ...auth, 'idempotency-key': 'invoice-42' };
    const first = await api.post('/v1/messages', { to: '123456', text: 'Fatura 42' }, headers);
    const again = await api.post('/v1/messages', { to: '123456', text: 'Fatura 42' }, headers);
    expect(first.status).toBe(202);
    expect(again).toEqual(first);
    expect(await api.jobCount()).toBe(1);
    const conflict = await api.post('/v1/messages', { to: '123456', text: 'Fatura 43' }, headers);
    expect(conflict.status).toBe(409);
    expect(conflict.json).toMatchObject({ error: { code: 'idempotency_conflict' } });
  });

  it('holds under concurrent duplicates: 20 at once give one job and one id', async () => {
    const before = await api.jobCount();
    const headers = { ...auth, 'idempotency-key': 'burst-1' };
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.post('/v1/messages', { to: '123456', text: 'burst' }, headers)));
    expect(new Set(answers.map((answer) => `${answer.status}:${String(answer.json.id)}`)).size).toBe(1);
    expect(answers[0]?.status).toBe(202);
    expect(await api.jobCount()).toBe(before + 1);
  });

  it('works on the legacy endpoint when the client sends one', async () => {
    const before = await api.jobCount();
    const headers = { 'idempotency-key': 'legacy-7' };
    const body = { token: TOKEN, numero: '123456789', mensagem: 'oi' };
    const first = await api.post('/enviar-sms', body, headers);
    const again = await api.post('/enviar-sms', body, headers);
    expect(again).toEqual(first);
    expect(await api.jobCount()).toBe(before + 1);
    expect((await api.post('/enviar-sms', { ...body, mensagem: 'outra' }, headers)).status).toBe(409);
  });
});
