import type { FromJsonSchema } from './from-json-schema';
import type { JsonSchema } from './json-schema';

/** The last failure of a message, as recorded by the worker. */
export const messageErrorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'text'],
  properties: {
    kind: { type: 'string', description: 'What went wrong: networkError, deviceError, timeout, unknown, expired, invalid, partially_sent, withdrawn or opted_out.' },
    code: { type: 'integer', description: "The network's status code (e.g. 69) or gammu's exit code, when there is one." },
    text: { type: 'string' },
    partsSent: {
      type: 'object',
      additionalProperties: false,
      required: ['sent', 'of'],
      description: 'With `partially_sent`: how many parts of the concatenated SMS reached the network before a later one failed (they are never sent again).',
      properties: { sent: { type: 'integer' }, of: { type: 'integer' } },
    },
  },
} as const satisfies JsonSchema;

export type MessageError = FromJsonSchema<typeof messageErrorSchema>;
