import type { MessageDelivery, MessageView } from '@sms-gateway/contracts';

/**
 * A sent message's view with what its delivery reports say: `delivered` or `undelivered` (both
 * final, entered at the report's time) or still `sent` with a `pending` delivery. Views of
 * messages that were not sent, and sent ones without a report yet, are returned as they are. Pure.
 */
export function withDelivery(view: MessageView, delivery: MessageDelivery | undefined): MessageView {
  if (!delivery || view.status !== 'sent') return view;
  if (delivery.status === 'pending') return { ...view, delivery };
  return { ...view, status: delivery.status, delivery, transitions: { ...view.transitions, [delivery.status]: delivery.at } };
}
