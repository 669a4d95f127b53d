import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAMES, type WebhookJobData } from '@sms-gateway/contracts';
import { SHARED_REDIS_URL, waitFor } from '@sms-gateway/testing';
import { createTwoWayStores, type TwoWayStores } from '@sms-gateway/two-way';
import { Queue } from 'bullmq';
import { useWorkerHarness } from './support/worker-harness';

const PATIENT = '+5511988887777';
const TWO_WAY_SETTINGS = { deliveryReportWindowMs: 172_800_000, replyWindowMs: 259_200_000, phoneDefaultRegion: 'BR' };
const INBOX_ENV = { INBOX_POLL_MS: '150', PHONE_DEFAULT_REGION: 'BR', WEBHOOK_URL: 'http://127.0.0.1:9/hooks' };

let redis: Redis;
beforeAll(() => {
  redis = new Redis(SHARED_REDIS_URL);
});
afterAll(() => redis.disconnect());

const storesOf = (prefix: string): TwoWayStores => createTwoWayStores({ redis, prefix, retentionDays: 7, settings: TWO_WAY_SETTINGS });

async function queuedWebhooks(prefix: string): Promise<WebhookJobData[]> {
  const queue = new Queue<WebhookJobData>(QUEUE_NAMES.webhookDeliveries, { connection: redis, prefix });
  try {
    return (await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).map((job) => job.data);
  } finally {
    await queue.close();
  }
}

describe('worker: reads the modem’s inbox (the gammu stand-in)', () => {
  const harness = useWorkerHarness('inbox');

  it('a worker killed between storing an SMS and deleting it from the modem: the next one stores it once', async () => {
    const sms = { kind: 'sms' as const, from: PATIENT, text: 'Sim, confirmo', sentAt: '2026-12-06T10:00:00.000Z' };
    // The delete hangs: the SMS is in Redis, still in the modem, when the worker is killed.
    const first = await harness.start({ scenario: { deletesmsDefault: { hang: true } }, env: INBOX_ENV });
    first.gammu.store([sms]);
    const stores = storesOf(first.prefix);
    await waitFor('the SMS stored in Redis', async () => (await stores.inbound.list({ limit: 5 })).data.length === 1, { timeoutMs: 10_000 });
    await waitFor('the delete under way', () => first.gammu.calls().some((call) => call.argv.includes('deletesms')), { timeoutMs: 10_000 });
    expect(await first.worker.stop('SIGKILL')).toBeNull();
    expect(first.gammu.stored()).toHaveLength(1);

    // The same modem (same MODEM_ID and memory) under a new worker.
    const second = await harness.start({ prefix: first.prefix, env: INBOX_ENV });
    second.gammu.store([sms]);
    await waitFor('the modem emptied', () => second.gammu.stored().length === 0, { timeoutMs: 10_000 });
    expect((await stores.inbound.list({ limit: 5 })).data).toEqual([expect.objectContaining({ from: PATIENT, text: 'Sim, confirmo' })]);
    expect((await queuedWebhooks(first.prefix)).filter((event) => event.event === 'message.received')).toHaveLength(1);
    expect(second.events('sms_received_again')).toHaveLength(1);
  });

  it('reads the modem between the sends of a backlog', async () => {
    const run = await harness.start({ scenario: { sendsmsDefault: { ok: true, delayMs: 250 } }, env: INBOX_ENV });
    run.gammu.store([{ kind: 'sms', from: PATIENT, text: 'oi' }]);
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => run.client.add('5511900000001', `lote ${i}`)));
    for (const id of ids) await run.waitForState(id, 'completed', 20_000);
    const commands = run.gammu.calls().flatMap((call) => call.argv.filter((arg) => arg === 'sendsms' || arg === 'getallsms'));
    const firstSend = commands.indexOf('sendsms');
    const lastSend = commands.lastIndexOf('sendsms');
    expect(commands.slice(firstSend, lastSend).filter((command) => command === 'getallsms').length).toBeGreaterThan(0);
    expect((await storesOf(run.prefix).inbound.list({ limit: 5 })).data).toHaveLength(1);
  });

  it('reads the modem while it is not registered (stored messages can still be read)', async () => {
    const run = await harness.start({ scenario: { networkinfoDefault: { state: 'searching for network' } }, env: INBOX_ENV, until: 'waiting_network' });
    run.gammu.store([{ kind: 'sms', from: PATIENT, text: 'SAIR' }]);
    const stores = storesOf(run.prefix);
    await waitFor('the SMS stored', async () => (await stores.inbound.list({ limit: 5 })).data.length === 1, { timeoutMs: 10_000 });
    await expect(stores.optOuts.isOptedOut('11 98888-7777')).resolves.toBe(true);
  });

  it('asks for delivery reports (-report) unless DELIVERY_REPORTS=false, and matches a report to the message that was sent', async () => {
    const run = await harness.start({ env: INBOX_ENV });
    const id = await run.client.add('11988887777', 'Lembrete');
    await run.waitForState(id, 'completed');
    const [send] = run.callsOf('sendsms');
    expect(send?.argv).toContain('-report');
    // The stand-in numbers its sends 1, 2, …: this report is about the first.
    run.gammu.store([{ kind: 'report', recipient: PATIENT, reference: 1, status: 'Delivered' }]);
    const stores = storesOf(run.prefix);
    await waitFor('the message delivered', async () => (await stores.deliveries.get(id))?.status === 'delivered', { timeoutMs: 10_000 });
    // The webhook is queued right after the delivery is recorded.
    const deliveredWebhooks = async () => (await queuedWebhooks(run.prefix)).filter((event) => event.event === 'message.delivered');
    await waitFor('the message.delivered webhook to be queued', async () => (await deliveredWebhooks()).length > 0, { timeoutMs: 10_000 });
    expect(await deliveredWebhooks()).toEqual([
      expect.objectContaining({ messageId: id, delivery: expect.objectContaining({ status: 'delivered' }) }),
    ]);

    const off = await harness.start({ env: { ...INBOX_ENV, DELIVERY_REPORTS: 'false' } });
    const other = await off.client.add('11988887777', 'Sem relatório');
    await off.waitForState(other, 'completed');
    expect(off.callsOf('sendsms')[0]?.argv).not.toContain('-report');
  });

  it('never sends a queued message to a number that opted out meanwhile, in any spelling', async () => {
    // One gammu process per command, so that the network can come back by a new scenario.
    const env = { ...INBOX_ENV, GAMMU_SESSION: 'oneshot' };
    const run = await harness.start({ env, scenario: { networkinfoDefault: { state: 'searching for network' } }, until: 'waiting_network' });
    const id = await run.client.add('11 98888-7777', 'Lembrete');
    run.gammu.store([{ kind: 'sms', from: PATIENT, text: ' Sáir! ' }]);
    await waitFor('the opt-out recorded', () => storesOf(run.prefix).optOuts.isOptedOut(PATIENT), { timeoutMs: 10_000 });
    run.gammu.script({}); // the network comes back
    await run.waitForState(id, 'failed', 15_000);
    expect(run.callsOf('sendsms')).toEqual([]);
  });
});
