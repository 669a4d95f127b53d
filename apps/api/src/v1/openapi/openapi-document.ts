import { legacySmsRequestSchema, v1BulkSchema } from '@sms-gateway/contracts';
import { listInboundQuerySchema } from '../inbound-query.schema';
import { listMessagesQuerySchema } from '../list-messages.route';
import { joiToJsonSchema } from './joi-to-json-schema';
import { errors, json, pathParameter, queryParameters, ref } from './openapi-parts';
import { openApiSchemas } from './openapi-schemas';

/** What every Bearer-authenticated operation may answer before it does anything. */
const AUTH = ['unauthorized', 'forbidden', 'too_many_failed_authentications'] as const;

const messageWebhookDescription =
  "POSTed to the message's callbackUrl, or WEBHOOK_URL. Header `X-SMS-Gateway-Signature: t=<unix seconds>,v1=<hex>` " +
  'where v1 is HMAC-SHA256 of `<t>.<raw body>` under WEBHOOK_SECRET. Answer 2xx; anything else is retried with backoff.';

/** The OpenAPI 3.1 document: request schemas from the routes' Joi schemas, answers from libs/contracts. */
export function buildOpenApiDocument(): object {
  const bulkRequest = joiToJsonSchema(v1BulkSchema);
  const legacyRequest = joiToJsonSchema(legacySmsRequestSchema);
  return {
    openapi: '3.1.0',
    info: {
      title: 'SMS gateway API',
      version: '1.0.0',
      description:
        'Send SMS through your own GSM modem, and hear back: delivery reports, received SMS, opt-outs. A 202 means the message ' +
        'is stored in Redis; follow it with `GET /v1/messages/{id}` or a webhook. Authenticate with `Authorization: Bearer <SMS_API_TOKEN>`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'The gateway serving this document.' }],
    security: [{ bearerAuth: [] }],
    paths: {
      '/v1/messages': {
        post: {
          operationId: 'sendMessage',
          summary: 'Send one SMS',
          parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
          requestBody: { required: true, ...json(ref('NewMessage')) },
          responses: {
            '202': { description: 'Stored in Redis; will be sent (or scheduled).', ...json(ref('AcceptedMessage')) },
            ...errors('invalid_json', ...AUTH, 'idempotency_conflict', 'idempotency_in_progress', 'payload_too_large', 'unsupported_media_type', 'validation_failed', 'callback_url_not_allowed', 'recipient_opted_out', 'queue_full', 'queue_unavailable'),
          },
        },
        get: {
          operationId: 'listMessages',
          summary: 'List messages, newest first',
          parameters: queryParameters(listMessagesQuerySchema),
          responses: {
            '200': { description: 'One page.', ...json(ref('MessagePage')) },
            ...errors('invalid_query', ...AUTH, 'queue_unavailable'),
          },
        },
      },
      '/v1/messages/bulk': {
        post: {
          operationId: 'sendMessagesBulk',
          summary: 'Send up to 1,000 SMS in one request',
          description: 'Each message is validated on its own (an opted-out recipient is that item\'s `recipient_opted_out` error); the valid ones are stored in one round trip.',
          parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
          requestBody: { required: true, ...json({ ...bulkRequest, properties: { messages: { ...bulkRequest.properties?.messages, items: ref('NewMessage') } } }) },
          responses: {
            '202': { description: 'At least one message stored; one result per item, in order.', ...json(ref('BulkResult')) },
            '422': {
              description: 'No message was valid: one result per item (BulkResult); or `messages` is not an array of 1 to 1,000 (`validation_failed`).',
              ...json({ oneOf: [ref('BulkResult'), ref('Error')] }),
            },
            ...errors('invalid_json', ...AUTH, 'idempotency_conflict', 'idempotency_in_progress', 'payload_too_large', 'unsupported_media_type', 'queue_full', 'queue_unavailable'),
          },
        },
      },
      '/v1/messages/{id}': {
        get: {
          operationId: 'getMessage',
          summary: "A message's current state",
          description: 'With DELIVERY_REPORTS on, a sent message shows its `delivery` once the network reports it, and ends `delivered` or `undelivered`.',
          parameters: [pathParameter('id', 'The id a 202 answer gave.')],
          responses: { '200': { description: 'The message.', ...json(ref('Message')) }, ...errors(...AUTH, 'not_found', 'queue_unavailable') },
        },
      },
      '/v1/modems': {
        get: {
          operationId: 'listModems',
          summary: 'Every modem and its health',
          description: 'Each worker publishes a heartbeat every MODEM_STATUS_INTERVAL_MS; one older than three intervals shows as offline.',
          responses: {
            '200': { description: 'The modems.', ...json(ref('ModemList')) },
            ...errors(...AUTH, 'queue_unavailable'),
          },
        },
      },
      '/v1/inbound': {
        get: {
          operationId: 'listInbound',
          summary: 'Received SMS, newest first',
          description: 'Every SMS the modems received, parts of a long one joined. Kept MESSAGE_RETENTION_DAYS.',
          parameters: queryParameters(listInboundQuerySchema),
          responses: {
            '200': { description: 'One page.', ...json(ref('InboundPage')) },
            ...errors('invalid_query', ...AUTH, 'queue_unavailable'),
          },
        },
      },
      '/v1/inbound/{id}': {
        get: {
          operationId: 'getInbound',
          summary: 'One received SMS',
          parameters: [pathParameter('id', 'The id of a received SMS (as listed, or in the message.received webhook).')],
          responses: { '200': { description: 'The received SMS.', ...json(ref('InboundMessage')) }, ...errors(...AUTH, 'not_found', 'queue_unavailable') },
        },
      },
      '/v1/opt-outs': {
        get: {
          operationId: 'listOptOuts',
          summary: 'Every opted-out number, most recent first',
          description: 'A number is opted out when its owner texts an OPT_OUT_KEYWORDS word (and back in with OPT_IN_KEYWORDS), or through this API. New messages to it are refused.',
          responses: { '200': { description: 'The opted-out numbers.', ...json(ref('OptOutList')) }, ...errors(...AUTH, 'queue_unavailable') },
        },
      },
      '/v1/opt-outs/{number}': {
        put: {
          operationId: 'optOut',
          summary: 'Opt a number out',
          description: 'Idempotent: a number already opted out keeps its first record (200).',
          parameters: [pathParameter('number', 'The phone number, in any spelling the send endpoints accept (URL-encode a leading +).')],
          responses: {
            '200': { description: 'It was already opted out.', ...json(ref('OptOut')) },
            '201': { description: 'Opted out now.', ...json(ref('OptOut')) },
            ...errors(...AUTH, 'validation_failed', 'queue_unavailable'),
          },
        },
        delete: {
          operationId: 'optIn',
          summary: 'Opt a number back in',
          parameters: [pathParameter('number', 'The phone number, in any spelling.')],
          responses: {
            '204': { description: 'Opted back in: messages to it are accepted again.' },
            ...errors(...AUTH, 'not_found', 'validation_failed', 'queue_unavailable'),
          },
        },
      },
      '/enviar-sms': {
        post: {
          operationId: 'enviarSms',
          summary: 'The original endpoint (kept byte-compatible)',
          security: [],
          description: 'Token in the body (`token`) or as a Bearer token. Errors: `{"status":"erro","mensagem":"..."}`.',
          requestBody: { required: true, ...json({ ...legacyRequest, properties: { token: { type: 'string' }, ...legacyRequest.properties } }) },
          responses: {
            '202': { description: 'Queued (stored in Redis).', ...json(ref('LegacyAccepted')) },
            '400': {
              description:
                'JSON inválido / Campos obrigatórios ausentes / an invalid field (with `detalhes`; also a number outside the server’s ALLOWED_NUMBER_PREFIXES) / Número descadastrado: não recebe mais SMS.',
              ...json(ref('LegacyError')),
            },
            '403': { description: 'Token inválido.', ...json(ref('LegacyError')) },
            '413': { description: 'Body over 64 KB.', ...json(ref('LegacyError')) },
            '415': { description: 'Codificação não suportada; use UTF-8.', ...json(ref('LegacyError')) },
            '429': {
              description: 'Muitas tentativas com token inválido: 20 failed authentications within a minute from this address; wait `Retry-After` seconds.',
              ...json(ref('LegacyError')),
            },
            '503': { description: 'Fila indisponível, tente novamente. (Also while MAX_QUEUED_MESSAGES messages wait to be sent.)', ...json(ref('LegacyError')) },
          },
        },
      },
      '/status': {
        get: {
          operationId: 'getStatus',
          summary: 'Health check',
          security: [],
          responses: {
            '200': { description: 'The process is up.', ...json(ref('ServiceStatus')) },
            '408': { description: 'The request came too slowly (headers within 10 s, the whole request within 30 s, as for every route); the connection is closed.' },
          },
        },
      },
    },
    webhooks: {
      messageEvent: {
        post: {
          operationId: 'onMessageEvent',
          summary: 'A message reached a final state (sent, failed, expired) or its delivery report came (delivered, undelivered)',
          description: messageWebhookDescription,
          requestBody: { required: true, ...json(ref('MessageEvent')) },
          responses: { '200': { description: 'Received.' } },
        },
      },
      messageReceived: {
        post: {
          operationId: 'onMessageReceived',
          summary: 'An SMS was received (message.received), with the stored SMS in `data`',
          description: `${messageWebhookDescription} Sent to WEBHOOK_URL.`,
          requestBody: { required: true, ...json(ref('ReceivedEvent')) },
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
      schemas: openApiSchemas(),
    },
  };
}
