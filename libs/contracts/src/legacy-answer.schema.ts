import type { FromJsonSchema } from './from-json-schema';
import type { JsonSchema } from './json-schema';

/** `POST /enviar-sms` accepted it: the original service's words, and the new message's id. */
export const legacyAcceptedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'mensagem', 'id'],
  properties: {
    status: { const: 'aceito', type: 'string' },
    mensagem: { type: 'string', examples: ['SMS recebido e enfileirado para envio.'] },
    id: { type: 'string', description: 'The message id: GET /v1/messages/{id} follows it.' },
  },
} as const satisfies JsonSchema;

/** Every `/enviar-sms` refusal (and the legacy 404): `{"status": "erro", "mensagem": "..."}`. */
export const legacyErrorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'mensagem'],
  properties: {
    status: { const: 'erro', type: 'string' },
    mensagem: { type: 'string', examples: ['Token inválido.', 'Número descadastrado: não recebe mais SMS.'] },
    detalhes: {
      type: 'array',
      description: 'Which field is invalid, and why.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['campo', 'mensagem'],
        properties: { campo: { type: 'string' }, mensagem: { type: 'string' } },
      },
    },
  },
} as const satisfies JsonSchema;

/** `GET /status`, the original service's health check. */
export const serviceStatusSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: { status: { type: 'string', examples: ['online'] } },
} as const satisfies JsonSchema;

export type LegacyAccepted = FromJsonSchema<typeof legacyAcceptedSchema>;
export type LegacyErrorBody = FromJsonSchema<typeof legacyErrorSchema>;
