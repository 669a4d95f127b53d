import {
  acceptedMessageSchema,
  bulkAcceptedItemSchema,
  bulkRejectedItemSchema,
  bulkResultSchema,
  inboundMessageSchema,
  legacyAcceptedSchema,
  legacyErrorSchema,
  listOf,
  messageDeliverySchema,
  messageErrorSchema,
  messageEventSchema,
  messageViewSchema,
  modemViewSchema,
  optOutRecordSchema,
  pageOf,
  receivedEventSchema,
  serviceStatusSchema,
  v1ErrorBodySchema,
  v1ErrorDetailSchema,
  v1MessageSchema,
} from '@sms-gateway/contracts';
import { V1_ERRORS } from '../v1-errors';
import { joiToJsonSchema } from './joi-to-json-schema';
import { linkComponents } from './link-components';
import { ref } from './openapi-parts';

/**
 * Every schema of the document. Requests come from the Joi schemas the routes validate with;
 * answers and webhook bodies are the contracts' response shapes (whose TypeScript types are
 * derived from the same objects). Nothing here is written twice.
 */
export function openApiSchemas(): Record<string, unknown> {
  return linkComponents({
    NewMessage: { schema: joiToJsonSchema(v1MessageSchema) },
    AcceptedMessage: { schema: acceptedMessageSchema },
    Message: { schema: messageViewSchema },
    MessagePage: { schema: pageOf(ref('Message')) },
    MessageError: { schema: messageErrorSchema },
    MessageDelivery: { schema: messageDeliverySchema },
    BulkResult: { schema: bulkResultSchema },
    BulkAcceptedItem: { schema: bulkAcceptedItemSchema },
    BulkRejectedItem: { schema: bulkRejectedItemSchema },
    Error: { schema: v1ErrorBodySchema },
    ErrorDetail: {
      schema: v1ErrorDetailSchema,
      shown: { ...v1ErrorDetailSchema, properties: { ...v1ErrorDetailSchema.properties, code: { type: 'string', enum: Object.keys(V1_ERRORS) } } },
    },
    Modem: { schema: modemViewSchema },
    ModemList: { schema: listOf(ref('Modem')) },
    InboundMessage: { schema: inboundMessageSchema },
    InboundPage: { schema: pageOf(ref('InboundMessage')) },
    OptOut: { schema: optOutRecordSchema },
    OptOutList: { schema: listOf(ref('OptOut')) },
    LegacyAccepted: { schema: legacyAcceptedSchema },
    LegacyError: { schema: legacyErrorSchema },
    ServiceStatus: { schema: serviceStatusSchema },
    MessageEvent: { schema: messageEventSchema },
    ReceivedEvent: { schema: receivedEventSchema },
  });
}
