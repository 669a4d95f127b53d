import type { JsonSchema } from '@sms-gateway/contracts';

/** A component: the contracts schema it comes from, and what the document shows (default: the same). */
export interface ComponentSource {
  readonly schema: JsonSchema;
  readonly shown?: JsonSchema;
}

/**
 * The `components.schemas` of the document. Contracts compose their schemas from each other
 * by reference (a message view holds `messageErrorSchema` itself), so wherever a named schema
 * appears inside another, it is replaced by a `$ref` to its component: generated clients get
 * one named type per shape, and the document stays the contracts' schemas, unchanged otherwise.
 */
export function linkComponents(components: Readonly<Record<string, ComponentSource>>): Record<string, unknown> {
  const names = new Map(Object.entries(components).map(([name, { schema }]) => [schema as object, name]));
  const link = (value: unknown, top: boolean): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const name = top ? undefined : names.get(value);
    if (name) return { $ref: `#/components/schemas/${name}` };
    if (Array.isArray(value)) return value.map((item) => link(item, false));
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, link(child, false)]));
  };
  return Object.fromEntries(Object.entries(components).map(([name, { schema, shown }]) => [name, link(shown ?? schema, true)]));
}
