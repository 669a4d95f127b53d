import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import type { ApiMetrics } from '@sms-gateway/metrics';
import { RouteTemplates } from './route-template';

/** The endpoints that queue messages: their 202 answers feed the accept latency histogram. */
export const ACCEPT_ROUTES = ['/enviar-sms', '/v1/messages', '/v1/messages/bulk'] as const;

const STARTED_AT = Symbol('request started at');
const ROUTE = Symbol('route template');
type TimedRequest = IncomingMessage & { [STARTED_AT]?: number; [ROUTE]?: string };

/**
 * Starts timing a request. `route` is its template when the caller already knows it (a
 * request served without Express); otherwise it is read from Express's matched route.
 */
export type RequestMetrics = (req: IncomingMessage, res: ServerResponse, route?: string) => void;

/**
 * Counts every answered request by method, route template and status, and times the 202s of
 * the accept routes. Kept off the request's path: no await, no closure per request (one
 * shared `finish` listener), counts kept in plain numbers until a scrape reads them.
 * Must run first for every request, so that it sees them all.
 */
export function requestMetrics(metrics: ApiMetrics): RequestMetrics {
  const templates = new RouteTemplates();
  const acceptLabels = new Map<string, { route: string }>(ACCEPT_ROUTES.map((route) => [route, { route }]));

  function onFinish(this: ServerResponse): void {
    const req = this.req as TimedRequest;
    const status = this.statusCode;
    const route = req[ROUTE] ?? templates.of(req as Request, status);
    metrics.requests.record(req.method ?? 'GET', route, status);
    if (status !== 202 || req.method !== 'POST') return;
    const labels = acceptLabels.get(route);
    const startedAt = req[STARTED_AT];
    if (labels !== undefined && startedAt !== undefined) metrics.acceptDuration.observe(labels, (performance.now() - startedAt) / 1_000);
  }

  return (req, res, route) => {
    (req as TimedRequest)[STARTED_AT] = performance.now();
    if (route !== undefined) (req as TimedRequest)[ROUTE] = route;
    res.on('finish', onFinish);
  };
}
