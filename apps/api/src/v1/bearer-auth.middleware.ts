import type { RequestHandler } from 'express';
import { createTokenCheck } from '../middleware/token-check';
import { sendV1Error } from './v1-errors';

/** v1 takes the token only as `Authorization: Bearer`: 401 without one, 403 when wrong. */
export function bearerAuth(token: string): RequestHandler {
  const matches = createTokenCheck(token);
  return (req, res, next) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
    if (!bearer) return sendV1Error(res, 'unauthorized');
    if (!matches(bearer)) return sendV1Error(res, 'forbidden');
    next();
  };
}
