export { deliveryOf, type PartReport, type ReportOutcome } from './delivery-outcome';
export { DeliveryStore, type DeliveryStoreOptions, type ReportKey, type ReportMatch, type SendRecord } from './delivery-store';
export { InboundStore, type InboundPage, type InboundPageRequest, type InboundStoreOptions } from './inbound-store';
export { InvalidCursorError } from './invalid-cursor.error';
export { keywordAction, normalizeKeyword, type KeywordAction, type Keywords } from './keyword-action';
export { OptOutStore, type OptOutStoreOptions } from './opt-out-store';
export { numberTail, sameRecipient } from './same-recipient';
export { twoWayKeys } from './two-way-keys';
