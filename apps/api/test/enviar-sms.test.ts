import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

// Every row of the contract's POST /enviar-sms table, against a real Redis.
describe('POST /enviar-sms', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  /** Asserts the request changed nothing in Redis. */
  async function expectRefused(body: unknown, status: number, mensagem: string, headers?: Record<string, string>) {
    const before = await api.jobCount();
    const response = await api.post('/enviar-sms', body, headers);
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ status: 'erro', mensagem });
    expect(await api.jobCount()).toBe(before);
    return response.json;
  }

  it('answers 202 with the message id only once the job is stored in Redis', async () => {
    const response = await api.post('/enviar-sms', { token: TOKEN, numero: '123456789', mensagem: 'Your test message here!' });
    expect(response.status).toBe(202);
    expect(response.json).toEqual({
      status: 'aceito',
      mensagem: 'SMS recebido e enfileirado para envio.',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const job = await api.queue.job(String(response.json.id));
    expect(job?.data).toMatchObject({ to: '123456789', text: 'Your test message here!', encoding: 'gsm7', segments: 1 });
    expect(JSON.stringify(job?.data)).not.toContain(TOKEN);
  });

  it('accepts the token as Authorization: Bearer instead of in the body', async () => {
    const response = await api.post('/enviar-sms', { numero: '123456789', mensagem: 'oi' }, { authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(202);
  });

  it('strips spaces, dots, dashes and parentheses from the number and keeps a leading +', async () => {
    const response = await api.post('/enviar-sms', { token: TOKEN, numero: '+55 (11) 9.9999-1234', mensagem: 'oi' });
    expect(response.status).toBe(202);
    expect((await api.queue.job(String(response.json.id)))?.data.to).toBe('+5511999991234');
  });

  it('stores a text that starts with "-" exactly as given', async () => {
    const response = await api.post('/enviar-sms', { token: TOKEN, numero: '123456789', mensagem: '-unicode' });
    expect(response.status).toBe(202);
    expect((await api.queue.job(String(response.json.id)))?.data.text).toBe('-unicode');
  });

  it('stores long and Unicode texts whole, with their encoding and part count', async () => {
    const long = await api.post('/enviar-sms', { token: TOKEN, numero: '123456789', mensagem: 'a'.repeat(400) });
    expect((await api.queue.job(String(long.json.id)))?.data).toMatchObject({ text: 'a'.repeat(400), encoding: 'gsm7', segments: 3 });
    const unicode = await api.post('/enviar-sms', { token: TOKEN, numero: '123456789', mensagem: 'Olá 😀 中文' });
    expect((await api.queue.job(String(unicode.json.id)))?.data).toMatchObject({ text: 'Olá 😀 中文', encoding: 'ucs2', segments: 1 });
  });

  it.each([
    ['malformed JSON', '{"token": '],
    ['a JSON array', '[1, 2]'],
    ['a JSON string', '"texto"'],
    ['JSON null', 'null'],
    ['an empty body', ''],
    ['bytes that are not UTF-8', new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
  ])('answers 400 "JSON inválido." to %s', async (_case, body) => {
    await expectRefused(body, 400, 'JSON inválido.');
  });

  it('answers 403 to a missing or wrong token, before looking at the fields', async () => {
    await expectRefused({ numero: '123456789', mensagem: 'oi' }, 403, 'Token inválido.');
    await expectRefused({ token: 'wrong', numero: '123456789', mensagem: 'oi' }, 403, 'Token inválido.');
    await expectRefused({ token: 'wrong' }, 403, 'Token inválido.');
    await expectRefused({ token: 12345 }, 403, 'Token inválido.');
    await expectRefused({ numero: '1', mensagem: 'oi' }, 403, 'Token inválido.', { authorization: 'Bearer wrong' });
  });

  it.each([
    ['numero missing', { mensagem: 'oi' }],
    ['mensagem missing', { numero: '123456789' }],
    ['numero empty', { numero: '', mensagem: 'oi' }],
    ['mensagem empty', { numero: '123456789', mensagem: '' }],
    ['mensagem null', { numero: '123456789', mensagem: null }],
  ])('answers 400 "Campos obrigatórios ausentes." when %s', async (_case, fields) => {
    await expectRefused({ token: TOKEN, ...fields }, 400, 'Campos obrigatórios ausentes.');
  });

  it.each([['-h'], ['--help'], ['-123456'], ['12a34'], ['12\u000034'], ['123\n456'], ['12'], ['1'.repeat(21)], ['+'], ['abc']])(
    'refuses the number %j with 400 and details, queueing nothing',
    async (numero) => {
      const json = await expectRefused({ token: TOKEN, numero, mensagem: 'oi' }, 400, expect.stringContaining('numero'));
      expect(json.detalhes).toEqual([expect.objectContaining({ campo: 'numero' })]);
    },
  );

  it.each([
    ['longer than 1,600 characters', 'a'.repeat(1601)],
    ['with a NUL character', 'a\u0000b'],
    ['with a lone surrogate', 'a\ud800b'],
  ])('refuses a text %s with 400 and details', async (_case, mensagem) => {
    const json = await expectRefused({ token: TOKEN, numero: '123456789', mensagem }, 400, expect.stringContaining('mensagem'));
    expect(json.detalhes).toEqual([expect.objectContaining({ campo: 'mensagem' })]);
  });

  it('refuses non-text field types with 400', async () => {
    await expectRefused({ token: TOKEN, numero: { a: 1 }, mensagem: 'oi' }, 400, expect.stringContaining('numero'));
    await expectRefused({ token: TOKEN, numero: '123456789', mensagem: ['oi'] }, 400, expect.stringContaining('mensagem'));
  });

  it('accepts exactly 1,600 characters', async () => {
    const response = await api.post('/enviar-sms', { token: TOKEN, numero: '123456789', mensagem: 'é'.repeat(1600) });
    expect(response.status).toBe(202);
  });

  it('answers 413 with a JSON error to a body over 64 KB', async () => {
    await expectRefused({ token: TOKEN, numero: '123456789', mensagem: 'a'.repeat(70_000) }, 413, expect.stringContaining('64 KB'));
  });

  it('answers byte for byte the same at the spellings of the URL that go through Express (query string, trailing slash)', async () => {
    // POST /enviar-sms itself skips Express (front-door.ts); the other spellings reach the same handler through it.
    const answer = async (path: string, body: unknown) => {
      const response = await fetch(`${api.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const headers = ['content-type', 'content-length', 'connection'].map((name) => `${name}: ${response.headers.get(name)}`);
      return { status: response.status, headers, text: await response.text() };
    };
    for (const body of [{ token: 'wrong', numero: '123456789', mensagem: 'oi' }, { token: TOKEN, numero: '12', mensagem: 'oi' }, [1]]) {
      const canonical = await answer('/enviar-sms', body);
      expect(canonical.status).toBeGreaterThanOrEqual(400);
      expect(await answer('/enviar-sms?via=query', body)).toEqual(canonical);
      expect(await answer('/enviar-sms/', body)).toEqual(canonical);
    }
    const accepted = await answer('/enviar-sms/?via=query', { token: TOKEN, numero: '123456789', mensagem: 'oi' });
    expect(accepted.status).toBe(202);
    expect(accepted.headers[0]).toBe('content-type: application/json; charset=utf-8');
    expect((await api.queue.job(String(JSON.parse(accepted.text).id)))?.data.to).toBe('123456789');
  });

  it('ignores a __proto__ key in the body', async () => {
    const response = await api.post('/enviar-sms', `{"token":"${TOKEN}","numero":"123456789","mensagem":"oi","__proto__":{"admin":true}}`);
    expect(response.status).toBe(202);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('GET /status', () => {
  it('answers 200 with a status while the process is up', async () => {
    const api = await startTestApi();
    try {
      const response = await fetch(`${api.url}/status`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: expect.any(String) });
    } finally {
      await api.close();
    }
  });
});
