import type { FromJsonSchema } from './from-json-schema';
import type { JsonSchema } from './json-schema';
import { timestampSchema } from './schema-parts';

/**
 * A received SMS as stored in Redis and shown by `GET /v1/inbound/{id}` and the
 * `message.received` webhook. The parts of a concatenated SMS are joined into one.
 * The type below is derived from this schema; the OpenAPI document embeds it.
 */
export const inboundMessageSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'from', 'text', 'receivedAt', 'storedAt', 'modemId', 'parts', 'complete', 'inReplyTo'],
  properties: {
    id: { type: 'string', description: 'Stable: the same modem entry read twice gets the same id (it is stored once).' },
    from: { type: 'string', description: "The sender's full number, as the network gave it (a reply needs it; logs mask it)." },
    text: { type: 'string', description: 'The text, its parts joined in part order.' },
    receivedAt: { ...timestampSchema, description: 'The time the network stamped on the (first) part.' },
    storedAt: { ...timestampSchema, description: 'When the gateway stored it.' },
    modemId: { type: 'string', description: 'The modem (MODEM_ID) that received it.' },
    parts: { type: 'integer', minimum: 1, description: 'Number of SMS parts joined into `text`.' },
    complete: { type: 'boolean', description: 'False when parts of a concatenated SMS never arrived within INBOUND_PART_WAIT_MS.' },
    inReplyTo: {
      type: ['string', 'null'],
      description: 'The id of the latest message sent to this number within REPLY_WINDOW_MS before it was read, else null.',
    },
  },
} as const satisfies JsonSchema;

export type InboundMessage = FromJsonSchema<typeof inboundMessageSchema>;
