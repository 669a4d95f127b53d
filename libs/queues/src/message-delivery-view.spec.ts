import { describe, expect, it } from 'vitest';
import type { MessageDelivery, MessageView } from '@sms-gateway/contracts';
import { withDelivery } from './message-delivery-view';

const sentAt = '2026-11-25T10:00:00.000Z';
const reportAt = '2026-11-25T10:00:07.000Z';
const view = (status: MessageView['status']): MessageView => ({
  id: 'm1',
  status,
  to: '*******7777',
  segments: 1,
  encoding: 'gsm7',
  createdAt: sentAt,
  attempts: 1,
  transitions: { queued: sentAt, ...(status === 'sent' ? { sent: sentAt } : {}) },
});
const report = (status: MessageDelivery['status']): MessageDelivery => ({ status, at: reportAt, detail: 'x' });

describe('withDelivery', () => {
  it.each([
    ['a delivered report makes a sent message delivered', 'sent', 'delivered', 'delivered', { delivered: reportAt }],
    ['an undelivered report makes it undelivered', 'sent', 'undelivered', 'undelivered', { undelivered: reportAt }],
    ['a pending report leaves it sent, with the report shown', 'sent', 'pending', 'sent', {}],
  ] as const)('%s', (_name, status, delivery, shown, transitions) => {
    const result = withDelivery(view(status), report(delivery));
    expect(result.status).toBe(shown);
    expect(result.delivery).toEqual(report(delivery));
    expect(result.transitions).toEqual({ queued: sentAt, sent: sentAt, ...transitions });
  });

  it.each(['queued', 'sending', 'failed', 'expired'] as const)('leaves a %s message alone, whatever a report says', (status) => {
    expect(withDelivery(view(status), report('delivered'))).toEqual(view(status));
  });

  it('leaves a sent message without a report as it is', () => {
    expect(withDelivery(view('sent'), undefined)).toEqual(view('sent'));
  });
});
