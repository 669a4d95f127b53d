import type { FromJsonSchema } from './from-json-schema';
import type { JsonSchema } from './json-schema';
import { timestampSchema } from './schema-parts';

/** What the network's delivery reports say of a sent message, as `GET /v1/messages/{id}` shows it. */
export const DELIVERY_STATUSES = ['delivered', 'undelivered', 'pending'] as const;

export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * A message's delivery: `delivered` once every part's report says delivered, `undelivered` as
 * soon as one part's says failed (both final), else `pending` (a report said the network is
 * still trying, or not every part has reported yet). The type below is derived from this schema.
 */
export const messageDeliverySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'at', 'detail'],
  description:
    "`delivered` once every part's report says delivered, `undelivered` as soon as one part's says failed (both final), " +
    'else `pending` (the network is still trying, or not every part has reported yet). Absent until a report arrives.',
  properties: {
    status: { type: 'string', enum: DELIVERY_STATUSES },
    at: { ...timestampSchema, description: 'The time of the report that decided this status (for a final one: the transition time).' },
    detail: { type: 'string', description: 'The network\'s words for it (gammu\'s `Details`, e.g. "SM received by the SME").' },
  },
} as const satisfies JsonSchema;

export type MessageDelivery = FromJsonSchema<typeof messageDeliverySchema>;
