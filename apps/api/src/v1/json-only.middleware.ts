import type { RequestHandler } from 'express';
import { jsonBody } from '../middleware/json-body';
import { sendV1Error } from './v1-errors';

/** One message is small; a bulk request carries up to 1,000 messages of up to 1,600 characters. */
export const V1_SINGLE_BODY_BYTES = 64 * 1024;
export const V1_BULK_BODY_BYTES = 8 * 1024 * 1024;

/** The media type of a Content-Type header, lower-cased, without its parameters. */
const mediaType = (contentType: string | undefined) => (contentType ?? '').split(';')[0]?.trim().toLowerCase();

/**
 * v1 is strict: JSON bodies only (415 otherwise), within `limit` bytes (413 otherwise), and a
 * body there must be (400 `invalid_json` for an empty one: it is not JSON). The type is read
 * from the header itself: Express's `req.is()` answers null for a request without a body, which
 * made an empty `application/json` request a 415.
 */
export function jsonOnly(limit: number): RequestHandler[] {
  const requireJson: RequestHandler = (req, res, next) => {
    if (mediaType(req.headers['content-type']) !== 'application/json') return sendV1Error(res, 'unsupported_media_type');
    next();
  };
  const requireBody: RequestHandler = (req, res, next) => {
    if (req.body === undefined) return sendV1Error(res, 'invalid_json');
    next();
  };
  return [requireJson, jsonBody({ limit, anyContentType: true }), requireBody];
}
