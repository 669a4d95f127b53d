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
});
