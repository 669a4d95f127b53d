import { describe, expectTypeOf, it } from 'vitest';
import type { FromJsonSchema } from './from-json-schema';
import type { JsonSchema } from './json-schema';

/** The type FromJsonSchema derives from a schema value. */
const derivedFrom = <S>(_schema: S) => expectTypeOf<FromJsonSchema<S>>();

describe('FromJsonSchema', () => {
  it('turns required properties into required fields and the others into optional ones', () => {
    const schema = {
      type: 'object',
      required: ['id', 'count'],
      properties: { id: { type: 'string' }, count: { type: 'integer' }, note: { type: 'string' }, done: { type: 'boolean' } },
    } as const satisfies JsonSchema;
    derivedFrom(schema).toEqualTypeOf<{ readonly id: string; readonly count: number; readonly note?: string; readonly done?: boolean }>();
  });

  it('reads enum, const, arrays, several types and oneOf', () => {
    const schema = {
      type: 'object',
      required: ['status', 'kind', 'parts', 'inReplyTo', 'either'],
      properties: {
        status: { type: 'string', enum: ['sent', 'failed'] },
        kind: { const: 'sms' },
        parts: { type: 'array', items: { type: 'integer' } },
        inReplyTo: { type: ['string', 'null'] },
        either: { oneOf: [{ type: 'string' }, { type: 'object', required: ['a'], properties: { a: { type: 'number' } } }] },
      },
    } as const satisfies JsonSchema;
    derivedFrom(schema).toEqualTypeOf<{
      readonly status: 'sent' | 'failed';
      readonly kind: 'sms';
      readonly parts: readonly number[];
      readonly inReplyTo: string | null;
      readonly either: string | { readonly a: number };
    }>();
  });
});
