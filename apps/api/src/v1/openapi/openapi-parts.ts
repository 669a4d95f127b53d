import type Joi from 'joi';
import { V1_ERRORS, type V1ErrorCode } from '../v1-errors';
import { joiToJsonSchema } from './joi-to-json-schema';

/** A reference to a schema under components. */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A JSON body with this schema. */
export const json = (schema: object) => ({ content: { 'application/json': { schema } } });

/** The error answers of an operation: one entry per status, each listing its codes. */
export const errors = (...codes: V1ErrorCode[]) =>
  Object.fromEntries(
    [...new Set(codes.map((code) => V1_ERRORS[code].status))].map((status) => [
      String(status),
      {
        description: codes
          .filter((code) => V1_ERRORS[code].status === status)
          .map((code) => `\`${code}\`: ${V1_ERRORS[code].message}`)
          .join(' '),
        ...json(ref('Error')),
      },
    ]),
  );

/** The query parameters a route validates with this Joi object schema. */
export function queryParameters(schema: Joi.ObjectSchema) {
  const converted = joiToJsonSchema(schema);
  return Object.entries(converted.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: false,
    schema: { ...property, description: undefined },
    description: property.description,
  }));
}

/** A path parameter holding a string. */
export const pathParameter = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
