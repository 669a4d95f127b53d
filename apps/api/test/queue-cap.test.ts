import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@sms-gateway/testing';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const legacyBody = (i: number) => ({ token: TOKEN, numero: '5511987654321', mensagem: `capped ${i}` });
const v1Headers = { authorization: `Bearer ${TOKEN}` };

describe('MAX_QUEUED_MESSAGES: a queue at its cap', () => {
  let api: TestApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('refuses new messages once the cap is reached (v1 429 queue_full with Retry-After, /enviar-sms 503), stores none, and takes them again once the queue drains', async () => {
    api = await startTestApi({ MAX_QUEUED_MESSAGES: '5' });
    // Let the first count of the queue come back (it is read in the background).
    await api.post('/v1/messages', { to: '5511987654321', text: 'first' }, v1Headers);
    for (let i = 0; i < 4; i++) expect((await api.post('/enviar-sms', legacyBody(i))).status).toBe(202);
    expect(await api.jobCount()).toBe(5);

    const legacy = await api.post('/enviar-sms', legacyBody(99));
    expect(legacy).toEqual({ status: 503, json: { status: 'erro', mensagem: 'Fila indisponível, tente novamente.' } });

    const single = await fetch(`${api.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...v1Headers },
      body: JSON.stringify({ to: '5511987654321', text: 'over the cap' }),
    });
    expect(single.status).toBe(429);
    expect(Number(single.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await single.json()).toMatchObject({ error: { code: 'queue_full' } });

    const bulk = await api.post('/v1/messages/bulk', { messages: [{ to: '5511987654321', text: 'a' }] }, v1Headers);
    expect(bulk.status).toBe(429);
    expect(bulk.json).toMatchObject({ error: { code: 'queue_full' } });
    expect(await api.jobCount()).toBe(5);

    // The modem sends them (here: they are removed); within about a second new ones are taken again.
    await api.queue.queue.obliterate({ force: true });
    await waitFor('a message to be accepted again', async () => (await api!.post('/enviar-sms', legacyBody(100))).status === 202, { timeoutMs: 5_000 });
  });

  it('sees messages another API process stored, within about a second', async () => {
    api = await startTestApi({ MAX_QUEUED_MESSAGES: '3' });
    expect((await api.post('/enviar-sms', legacyBody(0))).status).toBe(202);
    // Another replica's messages, written straight to the queue.
    for (let i = 0; i < 3; i++) await api.queue.queue.add('send-sms', { to: '5511987654321', text: `other ${i}` } as never);
    await waitFor('the API to refuse once it has counted them', async () => (await api!.post('/enviar-sms', legacyBody(1))).status === 503, { timeoutMs: 5_000 });
  });
});
