import type { Request, RequestHandler, Response } from 'express';
import type { ApiMetrics } from '@sms-gateway/metrics';
import { RouteTemplates } from './route-template';

/** The endpoints that queue messages: their 202 answers feed the accept latency histogram. */
export const ACCEPT_ROUTES = ['/enviar-sms', '/v1/messages', '/v1/messages/bulk'] as const;

const STARTED_AT = Symbol('request started at');
type TimedRequest = Request & { [STARTED_AT]?: number };

/**
 * Counts every answered request by method, route template and status, and times the 202s of
 * the accept routes. Kept off the request's path: no await, no closure per request (one
 * shared `finish` listener), counts kept in plain numbers until a scrape reads them.
 * Must be the first middleware, so that it sees every request.
 */
export function requestMetrics(metrics: ApiMetrics): RequestHandler {
  const templates = new RouteTemplates();
  const acceptLabels = new Map<string, { route: string }>(ACCEPT_ROUTES.map((route) => [route, { route }]));

  function onFinish(this: Response): void {
    const req = this.req as TimedRequest;
    const status = this.statusCode;
    const route = templates.of(req, status);
    metrics.requests.record(req.method, route, status);
    if (status !== 202 || req.method !== 'POST') return;
    const labels = acceptLabels.get(route);
    const startedAt = req[STARTED_AT];
    if (labels !== undefined && startedAt !== undefined) metrics.acceptDuration.observe(labels, (performance.now() - startedAt) / 1_000);
  }

  return (req, res, next) => {
    (req as TimedRequest)[STARTED_AT] = performance.now();
    res.on('finish', onFinish);
    next();
  };
}
