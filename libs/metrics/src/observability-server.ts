import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { checkReadiness, HEALTH_BODIES, type Readiness } from './readiness';

export interface ObservabilityServerOptions {
  /** 0 picks a free port (see `port` of the result). */
  readonly port: number;
  readonly host: string;
  readonly registry: Registry;
  /** Whether the process can do its work (e.g. the modem is registered and Redis answers). @defaultValue always ready */
  readonly ready?: () => Promise<Readiness>;
  /** A readiness check slower than this answers 503. @defaultValue 2000 */
  readonly readyTimeoutMs?: number;
}

export interface ObservabilityServer {
  /** The port it listens on (the chosen one when `port` was 0). */
  readonly port: number;
  /** Stops listening and closes open connections (Prometheus keeps its connection alive). */
  close(): Promise<void>;
}

/**
 * A small node:http server (no Express) for processes without an HTTP API, i.e. workers:
 * `GET /metrics` (Prometheus text), `GET /healthz` (200 while the process runs) and
 * `GET /readyz` (200, or 503 with the reason). Anything else is 404.
 */
export async function startObservabilityServer({
  port,
  host,
  registry,
  ready = async () => ({ ready: true }),
  readyTimeoutMs = 2_000,
}: ObservabilityServerOptions): Promise<ObservabilityServer> {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'application/json', { status: 'method_not_allowed' });
    switch (path) {
      case '/metrics':
        return send(res, 200, registry.contentType, await registry.metrics());
      case '/healthz':
        return send(res, 200, 'application/json', HEALTH_BODIES.ok);
      case '/readyz': {
        const readiness = await checkReadiness(ready, readyTimeoutMs);
        if (readiness.ready) return send(res, 200, 'application/json', HEALTH_BODIES.ready);
        return send(res, 503, 'application/json', HEALTH_BODIES.notReady(readiness.reason ?? 'not ready'));
      }
      default:
        return send(res, 404, 'application/json', { status: 'not_found' });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `error: ${error instanceof Error ? error.message : String(error)}\n`);
      else res.destroy();
    });
  });
  server.listen(port, host);
  await once(server, 'listening');

  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string | object): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}
