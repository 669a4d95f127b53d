import type { FromJsonSchema } from './from-json-schema';
import { inboundMessageSchema } from './inbound-message';
import type { JsonSchema } from './json-schema';
import { messageErrorSchema } from './message-error.schema';
import { messageDeliverySchema } from './message-delivery';
import { timestampSchema } from './schema-parts';

const envelope = {
  id: { type: 'string', description: 'Unique per delivery; ignore a repeat.' },
  occurredAt: timestampSchema,
} as const satisfies Record<string, JsonSchema>;

/** A message's outcome (`sent`, `failed`, `expired`) or its delivery report (`delivered`, `undelivered`). */
export const messageEventSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'occurredAt', 'data'],
  properties: {
    ...envelope,
    type: { type: 'string', enum: ['message.sent', 'message.failed', 'message.expired', 'message.delivered', 'message.undelivered'] },
    data: {
      type: 'object',
      additionalProperties: false,
      required: ['messageId', 'status', 'attempts'],
      properties: {
        messageId: { type: 'string' },
        status: { type: 'string', enum: ['sent', 'failed', 'expired', 'delivered', 'undelivered'] },
        reference: { type: 'string' },
        modemId: { type: 'string' },
        attempts: { type: 'integer' },
        messageReferences: { type: 'array', items: { type: 'integer' } },
        error: messageErrorSchema,
        delivery: messageDeliverySchema,
      },
    },
  },
} as const satisfies JsonSchema;

/** A received SMS (`message.received`), with the stored message in `data`. */
export const receivedEventSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'occurredAt', 'data'],
  properties: {
    ...envelope,
    type: { type: 'string', const: 'message.received' },
    data: inboundMessageSchema,
  },
} as const satisfies JsonSchema;

/** The JSON body POSTed to a webhook receiver. */
export const webhookEventSchema = {
  oneOf: [messageEventSchema, receivedEventSchema],
} as const satisfies JsonSchema;

export type WebhookEvent = FromJsonSchema<typeof webhookEventSchema>;
