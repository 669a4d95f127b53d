import type { FromJsonSchema } from './from-json-schema';
import type { JsonSchema } from './json-schema';
import { timestampSchema } from './schema-parts';

/** How a number came to be opted out. */
export const OPT_OUT_SOURCES = ['keyword', 'api'] as const;

export type OptOutSource = (typeof OPT_OUT_SOURCES)[number];

/** One opted-out number, as `GET /v1/opt-outs` lists it. The type below is derived from this schema. */
export const optOutRecordSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['number', 'comparable', 'source', 'optedOutAt'],
  properties: {
    number: { type: 'string', description: 'The number as it was first given (by the SMS that opted out, or the API call).' },
    comparable: {
      type: 'string',
      description: 'The form numbers are compared in: international digits when PHONE_DEFAULT_REGION is set, else the digits.',
    },
    source: { type: 'string', enum: OPT_OUT_SOURCES, description: '`keyword`: the person texted an opt-out keyword; `api`: PUT /v1/opt-outs.' },
    optedOutAt: { ...timestampSchema, description: 'When it was opted out.' },
  },
} as const satisfies JsonSchema;

export type OptOutRecord = FromJsonSchema<typeof optOutRecordSchema>;
