import { describe, expect, it } from 'vitest';
import { webhookPayload } from './webhook-payload';

describe('webhookPayload', () => {
  it('tells the receiver which message ended how, with its reference and error', () => {
    expect(
      webhookPayload('m1:message.failed:5', {
        event: 'message.failed',
        messageId: 'm1',
        occurredAt: '2026-11-25T10:00:00.000Z',
        attempts: 5,
        modemId: 'modem-1',
        reference: 'invoice-9',
        error: { kind: 'deviceError', code: 104, text: "gammu exited with 104: Error opening device, it doesn't exist." },
        callbackUrl: 'https://example.com/hook',
      }),
    ).toEqual({
      id: 'm1:message.failed:5',
      type: 'message.failed',
      occurredAt: '2026-11-25T10:00:00.000Z',
      data: {
        messageId: 'm1',
        status: 'failed',
        reference: 'invoice-9',
        modemId: 'modem-1',
        attempts: 5,
        error: { kind: 'deviceError', code: 104, text: "gammu exited with 104: Error opening device, it doesn't exist." },
      },
    });
  });

  it('carries the delivery report of a delivered or undelivered message', () => {
    const delivery = { status: 'undelivered', at: '2026-11-25T10:01:00.000Z', detail: 'Temporary failure' } as const;
    expect(
      webhookPayload('m1:message.undelivered', { event: 'message.undelivered', messageId: 'm1', occurredAt: delivery.at, attempts: 1, messageReferences: [7], delivery }),
    ).toEqual({
      id: 'm1:message.undelivered',
      type: 'message.undelivered',
      occurredAt: delivery.at,
      data: { messageId: 'm1', status: 'undelivered', attempts: 1, messageReferences: [7], delivery },
    });
  });

  it('puts the received SMS itself in data for message.received', () => {
    const inbound = {
      id: 'in-1',
      from: '+5511988887777',
      text: 'SIM, confirmo',
      receivedAt: '2026-11-25T10:02:00.000Z',
      storedAt: '2026-11-25T10:02:01.000Z',
      modemId: 'modem-1',
      parts: 1,
      complete: true,
      inReplyTo: 'm1',
    };
    expect(webhookPayload('in-1:message.received', { event: 'message.received', messageId: 'in-1', occurredAt: inbound.storedAt, attempts: 0, inbound })).toEqual({
      id: 'in-1:message.received',
      type: 'message.received',
      occurredAt: inbound.storedAt,
      data: inbound,
    });
  });
});
