import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

export interface PostOptions {
  readonly headers: OutgoingHttpHeaders;
  readonly body: string;
  readonly timeoutMs: number;
  /** Resolves the host of each connection (the callback guard's, for a client's callbackUrl). */
  readonly lookup?: LookupFunction;
}

/**
 * POSTs `body` to `url` on a connection of its own and resolves with the status code; rejects
 * when the connection fails, `lookup` refuses the address, or no answer comes within
 * `timeoutMs`. Redirects are not followed (a 3xx is a failed delivery).
 */
export function postWebhook(url: string, { headers, body, timeoutMs, lookup }: PostOptions): Promise<number> {
  const request = new URL(url).protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      agent: false,
      ...(lookup ? { lookup } : {}),
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.once('response', (res) => {
      clearTimeout(timer);
      res.resume(); // the receiver's body is not read
      resolve(res.statusCode ?? 0);
    });
    req.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}
