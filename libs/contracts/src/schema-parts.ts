import type { JsonSchema } from './json-schema';

/** An ISO 8601 time, as every answer writes it. */
export const timestampSchema = { type: 'string', format: 'date-time' } as const satisfies JsonSchema;

/** An object schema with one optional property per key, all alike (e.g. a time per state). */
export function recordOf<const K extends readonly string[], const S extends JsonSchema>(keys: K, schema: S, description: string) {
  const properties = Object.fromEntries(keys.map((key) => [key, schema])) as { readonly [P in K[number]]: S };
  return { type: 'object', additionalProperties: false, description, properties } as const;
}

/** A page of a listing: `{ data: [...], nextCursor? }`, newest first. */
export function pageOf<const S extends JsonSchema>(items: S) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['data'],
    properties: {
      data: { type: 'array', items },
      nextCursor: { type: 'string', description: 'Pass as `cursor` for the next page; absent on the last page.' },
    },
  } as const;
}

/** A whole listing: `{ data: [...] }`. */
export function listOf<const S extends JsonSchema>(items: S) {
  return { type: 'object', additionalProperties: false, required: ['data'], properties: { data: { type: 'array', items } } } as const;
}
