import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { RequestMetrics } from './observability/request-metrics.middleware';
import type { NodeHandler } from './routes/enviar-sms.route';

export interface FrontDoorDeps {
  /** Everything else: the Express app. */
  readonly app: (req: IncomingMessage, res: ServerResponse) => void;
  /** `POST /enviar-sms`; Express mounts the same handler for the URL's other spellings. */
  readonly enviarSms: NodeHandler;
  readonly requestMetrics?: RequestMetrics;
  /** Set while the server drains on shutdown: responses then ask clients to reconnect elsewhere. */
  readonly lifecycle?: { readonly draining: boolean };
}

/**
 * The server's request listener. Every request is counted and, while the server drains,
 * answered with `Connection: close`. Then `POST /enviar-sms`, which carries nearly all the
 * traffic, goes straight to its handler, and everything else to Express: Express's router
 * and request decoration cost about as much CPU as the whole handler, and the endpoint
 * must keep up with a bare Express + BullMQ server (docs/BENCHMARKS.md).
 */
export function frontDoor({ app, enviarSms, requestMetrics, lifecycle }: FrontDoorDeps): RequestListener {
  return (req, res) => {
    const direct = req.method === 'POST' && req.url === '/enviar-sms';
    requestMetrics?.(req, res, direct ? '/enviar-sms' : undefined);
    if (lifecycle?.draining) res.setHeader('Connection', 'close');
    if (direct) enviarSms(req, res);
    else app(req, res);
  };
}
