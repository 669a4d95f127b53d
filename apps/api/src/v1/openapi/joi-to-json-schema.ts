import type Joi from 'joi';
import type { JsonType } from '@sms-gateway/contracts';

/** The part of JSON Schema (2020-12, as OpenAPI 3.1 uses) the API's request schemas need. */
export interface JsonSchema {
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
  examples?: unknown[];
  oneOf?: JsonSchema[];
}

interface Description {
  type: string;
  flags?: { presence?: string; description?: string; default?: unknown; only?: boolean; format?: string[] | string };
  keys?: Record<string, Description>;
  items?: Description[];
  allow?: unknown[];
  rules?: { name: string; args?: Record<string, unknown> }[];
  metas?: { jsonSchema?: JsonSchema }[];
  examples?: unknown[];
  matches?: { schema: Description }[];
  preferences?: { allowUnknown?: boolean };
}

/**
 * Converts a Joi schema to JSON Schema from `schema.describe()`, so the OpenAPI document is
 * generated from the very schemas the routes validate with and cannot drift from them.
 * Rules Joi expresses in code (custom validators) add `meta({ jsonSchema })` and a description.
 */
export function joiToJsonSchema(schema: Joi.Schema): JsonSchema {
  return convert(schema.describe() as Description);
}

function convert(d: Description): JsonSchema {
  const out: JsonSchema = {};
  switch (d.type) {
    case 'object': {
      out.type = 'object';
      const keys = Object.entries(d.keys ?? {});
      out.properties = Object.fromEntries(keys.map(([key, child]) => [key, convert(child)]));
      const required = keys.filter(([, child]) => child.flags?.presence === 'required').map(([key]) => key);
      if (required.length) out.required = required;
      out.additionalProperties = d.preferences?.allowUnknown ?? false;
      break;
    }
    case 'array':
      out.type = 'array';
      if (d.items?.[0] && d.items[0].type !== 'any') out.items = convert(d.items[0]);
      break;
    case 'date':
      out.type = 'string';
      out.format = 'date-time';
      break;
    case 'alternatives':
      out.oneOf = (d.matches ?? []).map((match) => convert(match.schema));
      break;
    case 'any':
      break;
    default:
      // Joi's other types (string, number, boolean) carry JSON Schema's names.
      out.type = d.type as JsonType;
  }
  for (const rule of d.rules ?? []) applyRule(out, rule.name, rule.args ?? {});
  if (d.flags?.only && d.allow) out.enum = d.allow;
  if (d.flags?.description) out.description = d.flags.description;
  if (d.flags?.default !== undefined && typeof d.flags.default !== 'function') out.default = d.flags.default;
  if (d.examples?.length) out.examples = d.examples;
  for (const meta of d.metas ?? []) Object.assign(out, meta.jsonSchema);
  return out;
}

function applyRule(out: JsonSchema, name: string, args: Record<string, unknown>): void {
  const limit = args.limit as number | undefined;
  if (name === 'min') out[out.type === 'string' ? 'minLength' : out.type === 'array' ? 'minItems' : 'minimum'] = limit;
  else if (name === 'max') out[out.type === 'string' ? 'maxLength' : out.type === 'array' ? 'maxItems' : 'maximum'] = limit;
  else if (name === 'uri') out.format = 'uri';
  else if (name === 'integer') out.type = 'integer';
  else if (name === 'pattern' && args.regex) out.pattern = String(args.regex).replace(/^\/|\/[a-z]*$/g, '');
}
