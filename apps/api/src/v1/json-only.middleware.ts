import type { RequestHandler } from 'express';
import { jsonBody } from '../middleware/json-body';
import { sendV1Error } from './v1-errors';

/** One message is small; a bulk request carries up to 1,000 messages of up to 1,600 characters. */
export const V1_SINGLE_BODY_BYTES = 64 * 1024;
export const V1_BULK_BODY_BYTES = 8 * 1024 * 1024;

/** v1 is strict: JSON bodies only (415 otherwise), within `limit` bytes (413 otherwise). */
export function jsonOnly(limit: number): RequestHandler[] {
  const requireJson: RequestHandler = (req, res, next) => {
    if (!req.is('application/json')) return sendV1Error(res, 'unsupported_media_type');
    next();
  };
  return [requireJson, jsonBody({ limit, anyContentType: false })];
}
