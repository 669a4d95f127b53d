import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '@sms-gateway/contracts';
import { linkComponents } from './link-components';

describe('linkComponents', () => {
  const error = { type: 'object', properties: { code: { type: 'string' } } } as const satisfies JsonSchema;
  const message = { type: 'object', properties: { id: { type: 'string' }, lastError: error, errors: { type: 'array', items: error } } } as const satisfies JsonSchema;

  it('replaces a named schema found inside another by a $ref to its component, and keeps each component itself', () => {
    expect(linkComponents({ Message: { schema: message }, MessageError: { schema: error } })).toEqual({
      Message: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          lastError: { $ref: '#/components/schemas/MessageError' },
          errors: { type: 'array', items: { $ref: '#/components/schemas/MessageError' } },
        },
      },
      MessageError: error,
    });
  });

  it('shows a component as given while linking by its source schema', () => {
    const shown = { ...error, properties: { code: { type: 'string', enum: ['a', 'b'] } } } as const satisfies JsonSchema;
    const linked = linkComponents({ Message: { schema: message }, MessageError: { schema: error, shown } });
    expect(linked.MessageError).toEqual(shown);
    expect((linked.Message as { properties: { lastError: unknown } }).properties.lastError).toEqual({ $ref: '#/components/schemas/MessageError' });
  });

  it('leaves an equal but separate object alone: only the very schema object is linked', () => {
    const copy = { ...error };
    const linked = linkComponents({ Holder: { schema: { type: 'object', properties: { e: copy } } }, MessageError: { schema: error } });
    expect(linked.Holder).toEqual({ type: 'object', properties: { e: error } });
  });
});
