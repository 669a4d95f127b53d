import { legacySmsRequestSchema, MESSAGE_STATUSES, v1BulkSchema, v1MessageSchema } from '@sms-gateway/contracts';
import { listMessagesQuerySchema } from '../list-messages.route';
import { V1_ERRORS, type V1ErrorCode } from '../v1-errors';
import { joiToJsonSchema, type JsonSchema } from './joi-to-json-schema';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const errors = (...codes: V1ErrorCode[]) =>
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

const maskedTo = { type: 'string', description: 'The recipient, masked: only the last 4 digits.', examples: ['*********1234'] };
const statusSchema = { type: 'string', enum: [...MESSAGE_STATUSES] };
const timestamp = { type: 'string', format: 'date-time' };
const messageError = {
  type: 'object',
  required: ['kind', 'text'],
  properties: {
    kind: { type: 'string', description: 'networkError, deviceError, timeout, unknown or expired' },
    code: { type: 'integer', description: "The network's status code (e.g. 69) or gammu's exit code." },
    text: { type: 'string' },
  },
};

const acceptedMessage: JsonSchema & object = {
  type: 'object',
  required: ['id', 'status', 'to', 'segments', 'encoding', 'createdAt'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['queued', 'scheduled'] },
    to: maskedTo,
    segments: { type: 'integer', description: 'SMS parts the text needs.' },
    encoding: { type: 'string', enum: ['gsm7', 'ucs2'] },
    createdAt: timestamp,
    sendAt: timestamp,
    expiresAt: timestamp,
    reference: { type: 'string' },
  },
};

const messageView = {
  type: 'object',
  required: ['id', 'status', 'to', 'segments', 'encoding', 'createdAt', 'attempts', 'transitions'],
  properties: {
    ...acceptedMessage.properties,
    status: statusSchema,
    attempts: { type: 'integer', description: 'Send attempts made so far.' },
    modemId: { type: 'string', description: 'The modem that sent it (or is handling it).' },
    messageReferences: { type: 'array', items: { type: 'integer' }, description: "gammu's message reference of each part, once sent." },
    lastError: messageError,
    transitions: {
      type: 'object',
      description: 'ISO time of the latest entry into each state reached.',
      properties: Object.fromEntries(MESSAGE_STATUSES.map((status) => [status, timestamp])),
    },
  },
};

/** The OpenAPI 3.1 document, generated from the Joi schemas the routes validate with. */
export function buildOpenApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'SMS gateway API',
      version: '1.0.0',
      description:
        'Send SMS through your own GSM modem. A 202 means the message is stored in Redis; follow it with ' +
        '`GET /v1/messages/{id}` or a webhook. Authenticate with `Authorization: Bearer <SMS_API_TOKEN>`.',
    },
    security: [{ bearerAuth: [] }],
    paths: {
      '/v1/messages': {
        post: {
          summary: 'Send one SMS',
          parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
          requestBody: { required: true, ...json(ref('NewMessage')) },
          responses: {
            '202': { description: 'Stored in Redis; will be sent (or scheduled).', ...json(ref('AcceptedMessage')) },
            ...errors('invalid_json', 'unauthorized', 'forbidden', 'idempotency_conflict', 'idempotency_in_progress', 'payload_too_large', 'unsupported_media_type', 'validation_failed', 'queue_unavailable'),
          },
        },
        get: {
          summary: 'List messages, newest first',
          parameters: queryParameters(),
          responses: {
            '200': {
              description: 'One page.',
              ...json({ type: 'object', required: ['data'], properties: { data: { type: 'array', items: ref('Message') }, nextCursor: { type: 'string' } } }),
            },
            ...errors('invalid_query', 'unauthorized', 'forbidden', 'queue_unavailable'),
          },
        },
      },
      '/v1/messages/bulk': {
        post: {
          summary: 'Send up to 1,000 SMS in one request',
          description: 'Each message is validated on its own; the valid ones are stored in one round trip.',
          parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
          requestBody: { required: true, ...json({ ...joiToJsonSchema(v1BulkSchema), properties: { messages: { ...joiToJsonSchema(v1BulkSchema).properties?.messages, items: ref('NewMessage') } } }) },
          responses: {
            '202': { description: 'At least one message stored; one result per item, in order.', ...json(ref('BulkResult')) },
            '422': { description: 'No message was valid; one result per item.', ...json(ref('BulkResult')) },
            ...errors('invalid_json', 'unauthorized', 'forbidden', 'idempotency_conflict', 'payload_too_large', 'unsupported_media_type', 'queue_unavailable'),
          },
        },
      },
      '/v1/messages/{id}': {
        get: {
          summary: "A message's current state",
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The message.', ...json(ref('Message')) }, ...errors('unauthorized', 'forbidden', 'not_found', 'queue_unavailable') },
        },
      },
      '/v1/modems': {
        get: {
          summary: 'Every modem and its health',
          description: 'Each worker publishes a heartbeat every MODEM_STATUS_INTERVAL_MS; one older than three intervals shows as offline.',
          responses: {
            '200': { description: 'The modems.', ...json({ type: 'object', required: ['data'], properties: { data: { type: 'array', items: ref('Modem') } } }) },
            ...errors('unauthorized', 'forbidden', 'queue_unavailable'),
          },
        },
      },
      '/enviar-sms': {
        post: {
          summary: 'The original endpoint (kept byte-compatible)',
          security: [],
          description: 'Token in the body (`token`) or as a Bearer token. Errors: `{"status":"erro","mensagem":"..."}`.',
          requestBody: { required: true, ...json({ ...joiToJsonSchema(legacySmsRequestSchema), properties: { token: { type: 'string' }, ...joiToJsonSchema(legacySmsRequestSchema).properties } }) },
          responses: {
            '202': { description: 'Queued: `{"status":"aceito","mensagem":"SMS recebido e enfileirado para envio.","id":"..."}`' },
            '400': { description: 'JSON inválido / Campos obrigatórios ausentes / an invalid field (with `detalhes`).' },
            '403': { description: 'Token inválido.' },
            '413': { description: 'Body over 64 KB.' },
            '503': { description: 'Fila indisponível, tente novamente.' },
          },
        },
      },
      '/status': { get: { summary: 'Health check', security: [], responses: { '200': { description: '`{"status":"online"}`' } } } },
    },
    webhooks: {
      messageOutcome: {
        post: {
          summary: 'A message reached a final state (sent, failed, expired)',
          description:
            'POSTed to the message\'s callbackUrl, or WEBHOOK_URL. Header `X-SMS-Gateway-Signature: t=<unix seconds>,v1=<hex>` ' +
            'where v1 is HMAC-SHA256 of `<t>.<raw body>` under WEBHOOK_SECRET. Answer 2xx; anything else is retried with backoff.',
          requestBody: { ...json(ref('WebhookEvent')) },
          responses: { '200': { description: 'Received.' } },
        },
      },
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          schema: { type: 'string', maxLength: 255 },
          description: 'Repeat a request with the same key within 24 hours and get the first answer, with nothing queued again.',
        },
      },
      schemas: {
        NewMessage: joiToJsonSchema(v1MessageSchema),
        AcceptedMessage: acceptedMessage,
        Message: messageView,
        BulkResult: {
          type: 'object',
          required: ['accepted', 'rejected', 'results'],
          properties: {
            accepted: { type: 'integer' },
            rejected: { type: 'integer' },
            results: { type: 'array', items: { oneOf: [{ ...acceptedMessage, properties: { index: { type: 'integer' }, ...acceptedMessage.properties } }, { type: 'object', properties: { index: { type: 'integer' }, error: ref('ErrorDetail') } }] } },
          },
        },
        Error: { type: 'object', required: ['error'], properties: { error: ref('ErrorDetail') } },
        Modem: {
          type: 'object',
          required: ['modemId', 'state', 'registered', 'sent', 'failed', 'updatedAt'],
          properties: {
            modemId: { type: 'string' },
            state: { type: 'string', enum: ['starting', 'idle', 'waiting_network', 'waiting_device', 'sending', 'resetting', 'stopped', 'offline'] },
            registered: { type: 'boolean' },
            networkState: { type: 'string', description: 'gammu\'s "Network state", e.g. home network.' },
            network: { type: 'string', description: 'Operator name, when reported.' },
            signalDbm: { type: 'number' },
            lastSendAt: timestamp,
            lastSendOutcome: { type: 'string' },
            sent: { type: 'integer' },
            failed: { type: 'integer' },
            consecutiveNetworkRefusals: { type: 'integer', description: 'Refusals such as error 69 in a row.' },
            resets: { type: 'integer', description: 'Watchdog resets since the worker started.' },
            host: { type: 'string' },
            pid: { type: 'integer' },
            startedAt: timestamp,
            updatedAt: timestamp,
            intervalMs: { type: 'integer' },
          },
        },
        ErrorDetail: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'string', enum: Object.keys(V1_ERRORS) },
            message: { type: 'string' },
            details: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
        WebhookEvent: {
          type: 'object',
          required: ['id', 'type', 'occurredAt', 'data'],
          properties: {
            id: { type: 'string', description: 'Unique per delivery; ignore a repeat.' },
            type: { type: 'string', enum: ['message.sent', 'message.failed', 'message.expired'] },
            occurredAt: timestamp,
            data: {
              type: 'object',
              required: ['messageId', 'status', 'attempts'],
              properties: {
                messageId: { type: 'string' },
                status: { type: 'string', enum: ['sent', 'failed', 'expired'] },
                reference: { type: 'string' },
                modemId: { type: 'string' },
                attempts: { type: 'integer' },
                messageReferences: { type: 'array', items: { type: 'integer' } },
                error: messageError,
              },
            },
          },
        },
      },
    },
  };
}

function queryParameters() {
  const schema = joiToJsonSchema(listMessagesQuerySchema);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: false,
    schema: { ...property, description: undefined },
    description: property.description,
  }));
}
