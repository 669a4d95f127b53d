import type { FromJsonSchema } from './from-json-schema';
import type { JsonSchema } from './json-schema';
import { timestampSchema } from './schema-parts';

/** Fields an accepted message and its later view share. */
export const messageBaseProperties = {
  id: { type: 'string' },
  to: { type: 'string', description: 'The recipient, masked: only the last 4 digits.', examples: ['*********1234'] },
  segments: { type: 'integer', description: 'SMS parts the text needs: the number of SMS gammu sends.' },
  encoding: { type: 'string', enum: ['gsm7', 'ucs2'] },
  createdAt: timestampSchema,
  sendAt: timestampSchema,
  expiresAt: timestampSchema,
  reference: { type: 'string', description: "The client's own reference, as given." },
} as const satisfies Record<string, JsonSchema>;

/** The 202 answer for one accepted message (`POST /v1/messages`, each bulk item). */
export const acceptedMessageSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'status', 'to', 'segments', 'encoding', 'createdAt'],
  properties: {
    ...messageBaseProperties,
    status: { type: 'string', enum: ['queued', 'scheduled'] },
  },
} as const satisfies JsonSchema;

export type AcceptedMessage = FromJsonSchema<typeof acceptedMessageSchema>;
