type Simplify<T> = { [K in keyof T]: T[K] } & {};

type RequiredOf<S> = S extends { readonly required: readonly (infer R)[] } ? R : never;

type ObjectOf<S, P> = Simplify<
  { readonly [K in keyof P as K extends RequiredOf<S> ? K : never]: FromJsonSchema<P[K]> } & {
    readonly [K in keyof P as K extends RequiredOf<S> ? never : K]?: FromJsonSchema<P[K]>;
  }
>;

type FromType<S, T> = T extends 'object'
  ? S extends { readonly properties: infer P }
    ? ObjectOf<S, P>
    : { readonly [key: string]: unknown }
  : T extends 'array'
    ? S extends { readonly items: infer I }
      ? readonly FromJsonSchema<I>[]
      : readonly unknown[]
    : T extends 'string'
      ? string
      : T extends 'integer' | 'number'
        ? number
        : T extends 'boolean'
          ? boolean
          : T extends 'null'
            ? null
            : unknown;

/**
 * The TypeScript type of the values a `JsonSchema` (written `as const`) accepts: `const`,
 * `enum`, `oneOf`, `type` (one or several), `properties` with `required`, `items`.
 * So a response shape is written once, as a schema, and its type follows from it.
 */
export type FromJsonSchema<S> = S extends { readonly const: infer C }
  ? C
  : S extends { readonly enum: readonly (infer E)[] }
    ? E
    : S extends { readonly oneOf: readonly (infer O)[] }
      ? O extends unknown
        ? FromJsonSchema<O>
        : never
      : S extends { readonly type: infer T }
        ? T extends readonly (infer U)[]
          ? U extends unknown
            ? FromType<S, U>
            : never
          : FromType<S, T>
        : unknown;
