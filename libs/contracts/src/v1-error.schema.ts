import type { FromJsonSchema } from './from-json-schema';
import type { JsonSchema } from './json-schema';

/** One v1 error: a stable `code` to decide on, a sentence for people, and per-field details. */
export const v1ErrorDetailSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'Stable: decide on this, not on the message.' },
    message: { type: 'string' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const satisfies JsonSchema;

/** Every v1 error answer: `{ "error": { "code", "message", "details"? } }`. */
export const v1ErrorBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['error'],
  properties: { error: v1ErrorDetailSchema },
} as const satisfies JsonSchema;

export type V1ErrorBody = FromJsonSchema<typeof v1ErrorBodySchema>;
