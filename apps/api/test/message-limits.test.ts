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
