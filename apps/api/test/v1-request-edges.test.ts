import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawHttpExchange } from '@sms-gateway/testing';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const auth = { authorization: `Bearer ${TOKEN}` };

describe('v1 answers at the edges of a request', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  async function send(path: string, body: string, headers: Record<string, string>) {
    const response = await fetch(`${api.url}${path}`, { method: 'POST', headers, body });
    return { status: response.status, json: (await response.json()) as { error?: { code: string; details?: { field: string; message: string }[] } } };
  }

  it.each(['/v1/messages', '/v1/messages/bulk'])('answers an empty body sent as application/json with 400 invalid_json, not 415 (%s)', async (path) => {
    const empty = await send(path, '', { ...auth, 'content-type': 'application/json' });
    expect(empty).toMatchObject({ status: 400, json: { error: { code: 'invalid_json' } } });
    // As `curl -X POST -H 'Content-Type: application/json'` sends it: no Content-Length, no body.
    const port = new URL(api.url).port;
    const bare = await rawHttpExchange({
      port: Number(port),
      bytes: `POST ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n`,
    });
    expect(bare.status).toBe(400);
    expect(JSON.parse(bare.body.slice(bare.body.indexOf('{')))).toMatchObject({ error: { code: 'invalid_json' } });
    const charset = await send(path, '', { ...auth, 'content-type': 'application/json; charset=utf-8' });
    expect(charset.status).toBe(400);
    expect((await send(path, '', { ...auth, 'content-type': 'text/plain' })).status).toBe(415);
    expect(await api.jobCount()).toBe(0);
  });

  it('names an unknown top-level field of a bulk body instead of saying "messages" must be an array', async () => {
    const body = JSON.stringify({ messages: [{ to: '5511911110001', text: 'x' }], sendAt: '2030-01-01T00:00:00Z' });
    const answer = await send('/v1/messages/bulk', body, { ...auth, 'content-type': 'application/json' });
    expect(answer.status).toBe(422);
    expect(answer.json.error?.code).toBe('validation_failed');
    expect(answer.json.error?.details).toEqual([{ field: 'sendAt', message: expect.stringContaining('"sendAt" is not allowed') }]);

    const missing = await send('/v1/messages/bulk', JSON.stringify({ message: [] }), { ...auth, 'content-type': 'application/json' });
    expect(missing.json.error?.details?.map((detail) => detail.field)).toEqual(['messages', 'message']);
    expect(await api.jobCount()).toBe(0);
  });
});
