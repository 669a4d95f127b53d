import type { RequestHandler } from 'express';
import { createTokenCheck } from '../middleware/token-check';
import type { FailedAuthGate } from '../security/failed-auth-gate';

/**
 * Guards `/metrics` with `Authorization: Bearer <METRICS_TOKEN>` when a token is set
 * (401 without one, 403 when wrong, 429 after too many failures from one client); open
 * otherwise, as Prometheus targets usually are.
 */
export function metricsAuth(token: string | undefined, failedAuth: FailedAuthGate | undefined): RequestHandler {
  if (!token) return (_req, _res, next) => next();
  const matches = createTokenCheck(token);
  return (req, res, next) => {
    const wait = failedAuth?.retryAfter(req) ?? 0;
    if (wait > 0) return void res.status(429).set('Retry-After', String(wait)).json({ status: 'too_many_requests' });
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
    if (bearer && matches(bearer)) return next();
    failedAuth?.failed(req);
    if (!bearer) return void res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').json({ status: 'unauthorized' });
    res.status(403).json({ status: 'forbidden' });
  };
}
