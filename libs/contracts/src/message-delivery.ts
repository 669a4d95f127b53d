/** What the network's delivery reports say of a sent message, as `GET /v1/messages/{id}` shows it. */
export const DELIVERY_STATUSES = ['delivered', 'undelivered', 'pending'] as const;

export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * A message's delivery: `delivered` once every part's report says delivered, `undelivered` as
 * soon as one part's says failed (both final), else `pending` (a report said the network is
 * still trying, or not every part has reported yet).
 */
export interface MessageDelivery {
  readonly status: DeliveryStatus;
  /** ISO time of the report that decided this status (for a final one: the transition time). */
  readonly at: string;
  /** The network's words for it (gammu's `Details`, e.g. "SM received by the SME"). */
  readonly detail: string;
}
