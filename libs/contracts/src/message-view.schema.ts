import { messageBaseProperties } from './accepted-message.schema';
import type { FromJsonSchema } from './from-json-schema';
import type { JsonSchema } from './json-schema';
import { messageDeliverySchema } from './message-delivery';
import { messageErrorSchema } from './message-error.schema';
import { MESSAGE_STATUSES } from './message-status';
import { recordOf, timestampSchema } from './schema-parts';

/** A message as `GET /v1/messages/{id}` and `GET /v1/messages` show it. */
export const messageViewSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'status', 'to', 'segments', 'encoding', 'createdAt', 'attempts', 'transitions'],
  properties: {
    ...messageBaseProperties,
    status: { type: 'string', enum: MESSAGE_STATUSES },
    attempts: { type: 'integer', description: 'Send attempts made so far.' },
    modemId: { type: 'string', description: 'The modem that sent it (or is handling it).' },
    messageReferences: { type: 'array', items: { type: 'integer' }, description: "gammu's message reference of each part, once sent." },
    lastError: messageErrorSchema,
    delivery: messageDeliverySchema,
    transitions: recordOf(MESSAGE_STATUSES, timestampSchema, 'ISO time of the latest entry into each state reached.'),
  },
} as const satisfies JsonSchema;

export type MessageView = FromJsonSchema<typeof messageViewSchema>;
