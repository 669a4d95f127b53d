import type { ServerOptions } from 'node:http';

/**
 * How long one client may hold the API's attention (contract: headers within 10 s, a whole
 * request within 30 s). A slow client is answered 408 and disconnected, so slow headers or a
 * dribbled body cannot pin sockets and memory.
 */
export const SERVER_BOUNDS = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  /** An idle keep-alive connection: longer than common proxies' idle timeout (nginx upstream keepalive 60 s). */
  keepAliveTimeout: 65_000,
  /** Node checks the two request timeouts this often; its default (30 s) would let them run up to 30 s late. */
  connectionsCheckingInterval: 1_000,
} as const satisfies ServerOptions;
