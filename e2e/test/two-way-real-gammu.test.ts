import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  httpRequest,
  plantReceivedSms,
  plantStatusReport,
  SHARED_REDIS_URL,
  startWebhookReceiver,
  type ReceivedWebhook,
  type WebhookReceiver,
} from '@sms-gateway/testing';
import { createGateway, TOKEN, type Gateway } from './support/gateway';

const SECRET = 'a-webhook-secret-of-32-characters';
const JSON_AUTH: [string, string][] = [
  ['content-type', 'application/json'],
  ['authorization', `Bearer ${TOKEN}`],
];

interface EventBody {
  readonly type: string;
  readonly data: Record<string, unknown>;
}
const body = (request: ReceivedWebhook) => request.json as EventBody;

// The clinic's story through one modem and the real gammu (dummy driver): a reminder goes out
// with a delivery report, its report and the patient's replies are planted as GAMMU.md shows,
// and everything comes back by webhook.
describe('two-way messaging with the real gammu', () => {
  let gateway: Gateway;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    gateway = createGateway('e2e-two-way', SHARED_REDIS_URL);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await gateway?.teardown();
    await receiver?.close();
  });

  it('a reminder is delivered, the joined reply is linked to it, and SAIR stops further messages', async () => {
    const env = { PHONE_DEFAULT_REGION: 'BR', WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: SECRET };
    const api = await gateway.startApi({ env });
    const worker = await gateway.startWorker({ modem: 'real gammu', env: { ...env, INBOX_POLL_MS: '200' } });
    const gammurc = join(dirname(worker.gammu.bin), 'gammurc');
    const post = (to: string, text: string) =>
      httpRequest({ port: api.port, path: '/v1/messages', headers: JSON_AUTH, body: JSON.stringify({ to, text }), timeoutMs: 10_000 });

    const accepted = await post('11 98888-7777', 'Lembrete: consulta amanhã às 9h');
    expect(accepted.status).toBe(202);
    const { id } = JSON.parse(accepted.body) as { id: string };
    await receiver.waitForDelivery('message.sent', (r) => body(r).type === 'message.sent' && body(r).data.messageId === id, 20_000);
    expect(worker.gammu.calls().find((call) => call.argv.includes('sendsms'))?.argv).toContain('-report');

    // The dummy driver gives every send reference 255; the network says it was delivered.
    plantStatusReport(gammurc, { recipient: '+5511988887777', reference: 255, status: 'Delivered' });
    const delivered = await receiver.waitForDelivery('message.delivered', (r) => body(r).type === 'message.delivered', 20_000);
    expect(body(delivered).data).toMatchObject({ messageId: id, status: 'delivered', delivery: { status: 'delivered', detail: 'SM received by the SME' } });

    const view = await httpRequest({ port: api.port, method: 'GET', path: `/v1/messages/${id}`, headers: JSON_AUTH, timeoutMs: 10_000 });
    expect(JSON.parse(view.body)).toMatchObject({
      status: 'delivered',
      delivery: { status: 'delivered' },
      transitions: { sent: expect.any(String), delivered: expect.any(String) },
    });

    const reply = `Sim, confirmo. ${'Obrigado pelo lembrete! '.repeat(14)}Até amanhã.`; // three parts
    plantReceivedSms(gammurc, { from: '+5511988887777', text: reply });
    const received = await receiver.waitForDelivery('message.received', (r) => body(r).type === 'message.received', 20_000);
    expect(body(received).data).toMatchObject({ from: '+5511988887777', text: reply, parts: 3, complete: true, inReplyTo: id });

    const page = await httpRequest({ port: api.port, method: 'GET', path: '/v1/inbound', headers: JSON_AUTH, timeoutMs: 10_000 });
    expect(page.status).toBe(200);
    expect((JSON.parse(page.body) as { data: unknown[] }).data).toEqual([expect.objectContaining({ id: body(received).data.id, text: reply })]);

    plantReceivedSms(gammurc, { from: '+5511988887777', text: 'Sair.' });
    await receiver.waitForDelivery('the SAIR reply', (r) => body(r).type === 'message.received' && body(r).data.text === 'Sair.', 20_000);
    const refused = await post('+55 11 98888-7777', 'Outro lembrete');
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('recipient_opted_out');
  });
});
