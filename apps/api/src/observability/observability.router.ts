import { Router } from 'express';
import { checkReadiness, HEALTH_BODIES, type Readiness, type Registry } from '@sms-gateway/metrics';
import type { FailedAuthGate } from '../security/failed-auth-gate';
import { metricsAuth } from './metrics-auth.middleware';

export interface ObservabilityRoutesOptions {
  readonly registry: Registry;
  readonly ready: () => Promise<Readiness>;
  readonly readyTimeoutMs: number;
  /** METRICS_TOKEN: when set, /metrics needs it as a Bearer token. */
  readonly metricsToken?: string;
  /** Refuses (429) a client after repeated wrong tokens, and counts /metrics' wrong tokens. */
  readonly failedAuth?: FailedAuthGate;
}

/** `GET /metrics`, `GET /healthz` (200 while the process runs) and `GET /readyz` (200, or 503 with the reason). */
export function observabilityRouter({ registry, ready, readyTimeoutMs, metricsToken, failedAuth }: ObservabilityRoutesOptions): Router {
  const router = Router();
  router.get('/metrics', metricsAuth(metricsToken, failedAuth), async (_req, res) => {
    const text = await registry.metrics();
    res.set({ 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }).send(text);
  });
  router.get('/healthz', (_req, res) => void res.set('Cache-Control', 'no-store').json(HEALTH_BODIES.ok));
  router.get('/readyz', async (_req, res) => {
    const readiness = await checkReadiness(ready, readyTimeoutMs);
    res.set('Cache-Control', 'no-store');
    if (readiness.ready) res.json(HEALTH_BODIES.ready);
    else res.status(503).json(HEALTH_BODIES.notReady(readiness.reason ?? 'not ready'));
  });
  return router;
}
