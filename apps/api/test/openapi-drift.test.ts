import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '@sms-gateway/contracts';
import { SHARED_REDIS_URL } from '@sms-gateway/testing';
import { DeliveryStore, InboundStore } from '@sms-gateway/two-way';
import { webhookPayload } from '@sms-gateway/webhooks';
import { TOKEN } from './api-harness';
import { documentValidator } from './openapi-validator';
import { useV1Stack } from './v1-harness';

const auth = { authorization: `Bearer ${TOKEN}` };
const SECRET = 'webhook-secret-for-tests-0123456789';

interface Doc {
  components: { schemas: Record<string, unknown> };
}

/**
 * The drift test: every schema the document declares is checked against what the running
 * gateway really produces (answers of the in-process API, a worker's modem heartbeat, webhook
 * bodies), strictly: a field the document does not describe fails, as does a missing one.
 */
describe('the OpenAPI document describes what the gateway really produces', () => {
  const stack = useV1Stack();
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(SHARED_REDIS_URL);
  });
  afterAll(() => redis.disconnect());

  it('for every schema it declares', async () => {
    const receiver = await stack.startReceiver();
    const api = await stack.startApi({ WEBHOOK_SECRET: SECRET, WEBHOOK_URL: receiver.url, PHONE_DEFAULT_REGION: 'BR' });
    const worker = await stack.startWorker(api.prefix, {
      scenario: { sendsms: [{ ok: true }, { exit: 2 }], sendsmsDefault: { exit: 2 } },
      env: { WEBHOOK_SECRET: SECRET, WEBHOOK_URL: receiver.url, RETRY_OTHER_MAX_ATTEMPTS: '1', MODEM_STATUS_INTERVAL_MS: '100' },
    });
    const doc = (await (await fetch(`${api.url}/v1/openapi.json`)).json()) as Doc;
    const { check, checked } = documentValidator(doc);
    const expectFits = (component: string, value: unknown) => expect(check(component, value), JSON.stringify(value)).toEqual([]);
    const get = async (path: string) => {
      const response = await fetch(`${api.url}${path}`, { headers: auth });
      expect(response.status, path).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    };

    // Messages: accepted, sent (then delivered by its report), failed; their listing.
    const request = { to: '+55 11 98888-7777', text: 'Lembrete: consulta amanhã às 9h', reference: 'appt-1' };
    expectFits('NewMessage', request);
    const accepted = await api.post('/v1/messages', request, auth);
    expect(accepted.status).toBe(202);
    expectFits('AcceptedMessage', accepted.json);
    const id = String(accepted.json.id);
    const sent = await api.client.waitForStatus(id, 'sent');
    expectFits('Message', sent);
    const failedId = await api.client.accept({ to: '11977776666', text: 'x' });
    const failed = await api.client.waitForStatus(failedId, 'failed');
    expectFits('Message', failed);
    expectFits('MessageError', failed.lastError);

    // The worker's record of the send, then a delivery report for it, as its inbox poller records them.
    const deliveries = new DeliveryStore({ redis, prefix: api.prefix, windowMs: 60_000, replyWindowMs: 60_000, retentionDays: 1, region: 'BR' });
    await deliveries.recordSend({ messageId: id, to: request.to, references: sent.messageReferences ?? [1], parts: 1, sentAt: new Date() });
    const match = await deliveries.match({ number: '+5511988887777', reference: (sent.messageReferences ?? [1])[0] ?? 1 });
    expect(match).toBeDefined();
    if (match) await deliveries.recordReport(match, { outcome: 'delivered', at: new Date().toISOString(), detail: 'Delivered' });
    const delivered = await get(`/v1/messages/${id}`);
    expect(delivered).toMatchObject({ status: 'delivered', delivery: { status: 'delivered' } });
    expectFits('Message', delivered);
    expectFits('MessageDelivery', delivered.delivery);
    expectFits('MessagePage', await get('/v1/messages'));

    // The original endpoint and health check.
    const legacy = await api.post('/enviar-sms', { token: TOKEN, numero: '11955554444', mensagem: 'oi' });
    expect(legacy.status).toBe(202);
    expectFits('LegacyAccepted', legacy.json);
    expectFits('LegacyError', (await api.post('/enviar-sms', { token: TOKEN, numero: 'abc', mensagem: 'oi' })).json);
    expectFits('ServiceStatus', await (await fetch(`${api.url}/status`)).json());

    // Bulk and errors.
    const bulk = await api.post('/v1/messages/bulk', { messages: [{ to: '11955554444', text: 'a' }, { to: 'x', text: 'b' }] }, auth);
    expect(bulk.status).toBe(202);
    expectFits('BulkResult', bulk.json);
    const [item, refused] = bulk.json.results as unknown[];
    expectFits('BulkAcceptedItem', item);
    expectFits('BulkRejectedItem', refused);
    const invalid = await api.post('/v1/messages', { to: 'x' }, auth);
    expectFits('Error', invalid.json);
    expectFits('ErrorDetail', (invalid.json as { error: unknown }).error);

    // Modems: the worker's own heartbeat.
    const modems = await get('/v1/modems');
    expectFits('ModemList', modems);
    expectFits('Modem', (modems.data as unknown[])[0]);
    expect(modems.data).toMatchObject([{ modemId: worker.modemId }]);

    // Received SMS, stored as the worker's inbox poller stores them; opt-outs.
    const inbound: InboundMessage = {
      id: 'in-drift-1',
      from: '+5511988887777',
      text: 'SIM, confirmo',
      receivedAt: new Date().toISOString(),
      storedAt: new Date().toISOString(),
      modemId: worker.modemId,
      parts: 1,
      complete: true,
      inReplyTo: id,
    };
    await new InboundStore({ redis, prefix: api.prefix, retentionDays: 1, region: 'BR' }).save(inbound);
    expectFits('InboundPage', await get('/v1/inbound'));
    expectFits('InboundMessage', await get(`/v1/inbound/${inbound.id}`));
    const optOut = await fetch(`${api.url}/v1/opt-outs/11988887777`, { method: 'PUT', headers: auth });
    expectFits('OptOut', await optOut.json());
    expectFits('OptOutList', await get('/v1/opt-outs'));

    // Webhooks: the deliveries the receiver got, and the bodies of the two-way events.
    const outcome = await receiver.waitForDelivery('message.failed', (hook) => (hook.json as { type?: string }).type === 'message.failed');
    expectFits('MessageEvent', outcome.json);
    expectFits('MessageEvent', (await receiver.waitForDelivery('message.sent', (hook) => (hook.json as { type?: string }).type === 'message.sent')).json);
    const base = { messageId: id, occurredAt: new Date().toISOString(), attempts: 1 };
    expectFits('MessageEvent', webhookPayload('d1', { ...base, event: 'message.delivered', delivery: delivered.delivery as never, messageReferences: [1] }));
    expectFits('ReceivedEvent', webhookPayload('r1', { ...base, event: 'message.received', messageId: inbound.id, inbound }));

    expect([...checked].sort()).toEqual(Object.keys(doc.components.schemas).sort());
  }, 60_000);
});


