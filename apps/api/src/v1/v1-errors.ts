import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from '@sms-gateway/logger';
import { QueueUnavailableError } from '@sms-gateway/queues';

/** Every error code the v1 API answers with; documented in the OpenAPI document. */
export const V1_ERRORS = {
  invalid_json: { status: 400, message: 'The body is not valid JSON.' },
  invalid_query: { status: 400, message: 'A query parameter is invalid.' },
  unauthorized: { status: 401, message: 'Send the API token as "Authorization: Bearer <token>".' },
  forbidden: { status: 403, message: 'The API token is wrong.' },
  too_many_failed_authentications: { status: 429, message: 'Too many wrong tokens from this address; retry after Retry-After seconds.' },
  not_found: { status: 404, message: 'No such message (unknown id, or older than MESSAGE_RETENTION_DAYS).' },
  idempotency_conflict: { status: 409, message: 'This Idempotency-Key was used with a different request.' },
  idempotency_in_progress: { status: 409, message: 'A request with this Idempotency-Key is still being processed; retry shortly.' },
  payload_too_large: { status: 413, message: 'The body is larger than allowed.' },
  unsupported_media_type: { status: 415, message: 'Send the body as application/json (UTF-8).' },
  validation_failed: { status: 422, message: 'The request is well-formed but some fields are invalid.' },
  recipient_opted_out: { status: 422, message: 'The recipient opted out (by SMS keyword or PUT /v1/opt-outs); nothing was queued.' },
  callback_url_not_allowed: {
    status: 422,
    message: 'The callbackUrl is, or resolves to, a loopback, private or link-local address, and the server’s CALLBACK_ALLOWED_HOSTS does not list its host.',
  },
  queue_full: { status: 429, message: 'Too many messages are waiting to be sent (MAX_QUEUED_MESSAGES); retry after Retry-After seconds. Nothing was queued.' },
  queue_unavailable: { status: 503, message: 'The queue is unavailable; retry later. Nothing was queued.' },
} as const;

export type V1ErrorCode = keyof typeof V1_ERRORS;

/** The v1 error body: `{ "error": { "code", "message", "details" } }`. */
export function v1ErrorBody(code: V1ErrorCode, details?: unknown, message: string = V1_ERRORS[code].message) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export function sendV1Error(res: Response, code: V1ErrorCode, details?: unknown, message?: string): void {
  res.status(V1_ERRORS[code].status).json(v1ErrorBody(code, details, message));
}

interface HttpishError {
  status?: number;
  type?: string;
}

/** Body-parser and unexpected errors, in the v1 format. */
export const v1ErrorHandler =
  (logger: Logger): ErrorRequestHandler =>
  (error: HttpishError & Error, req, res, _next) => {
    if (error instanceof QueueUnavailableError) return sendV1Error(res, 'queue_unavailable');
    if (error.type === 'entity.too.large') return sendV1Error(res, 'payload_too_large');
    if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') return sendV1Error(res, 'unsupported_media_type');
    if (error.status && error.status >= 400 && error.status < 500) return sendV1Error(res, 'invalid_json');
    logger.error('unexpected error', { event: 'http_error', path: req.path, error: error.message });
    res.status(500).json({ error: { code: 'internal', message: 'Internal error.' } });
  };
