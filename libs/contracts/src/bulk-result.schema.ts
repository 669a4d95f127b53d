import { acceptedMessageSchema } from './accepted-message.schema';
import type { FromJsonSchema } from './from-json-schema';
import type { JsonSchema } from './json-schema';
import { v1ErrorDetailSchema } from './v1-error.schema';

const index = { type: 'integer', minimum: 0, description: "The item's position in `messages`." } as const satisfies JsonSchema;

/** A bulk item that was stored: its position and the usual 202 answer. */
export const bulkAcceptedItemSchema = {
  ...acceptedMessageSchema,
  required: ['index', ...acceptedMessageSchema.required],
  properties: { index, ...acceptedMessageSchema.properties },
} as const satisfies JsonSchema;

/** A bulk item that was refused: its position and why (e.g. `validation_failed`, `recipient_opted_out`). */
export const bulkRejectedItemSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['index', 'error'],
  properties: { index, error: v1ErrorDetailSchema },
} as const satisfies JsonSchema;

/** The answer of `POST /v1/messages/bulk`: counts, and one result per item, in order. */
export const bulkResultSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['accepted', 'rejected', 'results'],
  properties: {
    accepted: { type: 'integer', minimum: 0 },
    rejected: { type: 'integer', minimum: 0 },
    results: { type: 'array', items: { oneOf: [bulkAcceptedItemSchema, bulkRejectedItemSchema] } },
  },
} as const satisfies JsonSchema;

export type BulkResult = FromJsonSchema<typeof bulkResultSchema>;
