import type { RequestHandler } from 'express';
import { createTokenCheck } from '../middleware/token-check';
import type { FailedAuthGate } from '../security/failed-auth-gate';
import { sendV1Error } from './v1-errors';

/**
 * v1 takes the token only as `Authorization: Bearer`: 401 without one, 403 when wrong, and
 * 429 (with Retry-After) for a client that failed too often in the last minute.
 */
export function bearerAuth(token: string, failedAuth: FailedAuthGate): RequestHandler {
  const matches = createTokenCheck(token);
  return (req, res, next) => {
    const wait = failedAuth.retryAfter(req);
    if (wait > 0) {
      res.set('Retry-After', String(wait));
      return sendV1Error(res, 'too_many_failed_authentications');
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
    if (bearer && matches(bearer)) return next();
    failedAuth.failed(req);
    sendV1Error(res, bearer ? 'forbidden' : 'unauthorized');
  };
}
