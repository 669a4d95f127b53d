import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait-for';

/** One request a webhook receiver got, with the raw body exactly as it arrived. */
export interface ReceivedWebhook {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly json: unknown;
  /** The status this receiver answered with. */
  readonly answered: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hooks`: use as WEBHOOK_URL or callbackUrl. */
  readonly url: string;
  readonly port: number;
  /** Every request so far, oldest first, whatever it was answered. */
  requests(): ReceivedWebhook[];
  /** The requests answered 2xx (the deliveries that counted). */
  deliveries(): ReceivedWebhook[];
  /** Sets the status for the next requests (a list is used up in order, then its last entry repeats). */
  answerWith(...statuses: number[]): void;
  /** Waits for a 2xx-answered request matching `predicate`. */
  waitForDelivery(what: string, predicate?: (request: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1 (port 0 unless `port` is given, e.g. a port that was
 * "not listening" a moment ago). Records every request; answers 200 unless told otherwise.
 */
export async function startWebhookReceiver({ port = 0, statuses = [200] }: { port?: number; statuses?: number[] } = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let plan = [...statuses];
  const nextStatus = () => (plan.length > 1 ? (plan.shift() as number) : (plan[0] ?? 200));

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        json = undefined;
      }
      const answered = nextStatus();
      received.push({ at: Date.now(), method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody, json, answered });
      res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : 'no');
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const actualPort = (server.address() as AddressInfo).port;

  const deliveries = () => received.filter((request) => request.answered >= 200 && request.answered < 300);
  return {
    url: `http://127.0.0.1:${actualPort}/hooks`,
    port: actualPort,
    requests: () => [...received],
    deliveries,
    answerWith(...next) {
      plan = next.length ? next : [200];
    },
    waitForDelivery: (what, predicate = () => true, timeoutMs = 10_000) =>
      waitFor(`webhook: ${what} (received so far: ${JSON.stringify(received.map((r) => [r.answered, r.json]))})`, () => deliveries().find(predicate), {
        timeoutMs,
      }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
