import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGammuRecorder,
  createSmsQueueClient,
  deletePrefixKeys,
  SHARED_REDIS_URL,
  startApp,
  stopAllApps,
  uniquePrefix,
  waitFor,
  type AppProcess,
  type SmsQueueClient,
} from '@sms-gateway/testing';

// The real gammu binary with its dummy driver, wrapped by a recorder so the test can see
// exactly what reached gammu's command line.
describe('worker with the real gammu dummy driver', () => {
  const prefix = uniquePrefix('real-gammu');
  let recorder: ReturnType<typeof createGammuRecorder>;
  let worker: AppProcess;
  let client: SmsQueueClient;

  beforeAll(async () => {
    recorder = createGammuRecorder();
    worker = startApp('worker', {
      REDIS_URL: SHARED_REDIS_URL,
      QUEUE_PREFIX: prefix,
      GAMMU_BIN: recorder.bin,
      GAMMU_CONFIG: recorder.gammurc,
      MODEM_ID: 'dummy-1',
    });
    client = createSmsQueueClient(SHARED_REDIS_URL, prefix);
    await worker.waitForLog('network ok', (line) => line.event === 'network_ok');
  });

  afterAll(async () => {
    await stopAllApps();
    await client.close();
    await deletePrefixKeys(SHARED_REDIS_URL, prefix);
    await recorder.remove();
  });

  it('sends a queued message and records gammu’s message reference', async () => {
    const id = await client.add('+5511999991234', 'Olá, sua consulta é amanhã às 9h.');
    await waitFor('message completed', async () => (await client.state(id)) === 'completed');
    const job = await client.job(id);
    expect(job?.returnvalue).toMatchObject({ modemId: 'dummy-1', references: [255], parts: 1 });
    expect(recorder.sends().at(-1)).toMatchObject({ to: '+5511999991234', text: 'Olá, sua consulta é amanhã às 9h.' });
  });

  it('sends a 400-character text whole, as a 3-part concatenated SMS', async () => {
    const text = 'a'.repeat(400);
    const id = await client.add('5511999990000', text);
    await waitFor('message completed', async () => (await client.state(id)) === 'completed');
    const sent = recorder.sends().at(-1);
    expect(sent?.text).toBe(text);
    expect(sent?.argv).toContain('-len');
    expect((await client.job(id))?.returnvalue).toMatchObject({ parts: 3 });
  });
});
