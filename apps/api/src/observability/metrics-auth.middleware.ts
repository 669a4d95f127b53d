import type { RequestHandler } from 'express';
import { createTokenCheck } from '../middleware/token-check';

/**
 * Guards `/metrics` with `Authorization: Bearer <METRICS_TOKEN>` when a token is set
 * (401 without one, 403 when wrong); open otherwise, as Prometheus targets usually are.
 */
export function metricsAuth(token: string | undefined): RequestHandler {
  if (!token) return (_req, _res, next) => next();
  const matches = createTokenCheck(token);
  return (req, res, next) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
    if (!bearer) return void res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').json({ status: 'unauthorized' });
    if (!matches(bearer)) return void res.status(403).json({ status: 'forbidden' });
    next();
  };
}
