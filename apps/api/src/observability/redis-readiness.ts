import type { Readiness } from '@sms-gateway/metrics';
import { withTimeout } from './with-timeout';

/** Ready when Redis answers PING within `timeoutMs` and the server is not draining. */
export function redisReadiness(options: {
  readonly redis: { ping(): Promise<string> };
  readonly timeoutMs: number;
  readonly lifecycle?: { readonly draining: boolean };
}): () => Promise<Readiness> {
  return async () => {
    if (options.lifecycle?.draining) return { ready: false, reason: 'shutting down' };
    try {
      await withTimeout(options.redis.ping(), options.timeoutMs, 'Redis');
      return { ready: true };
    } catch (error) {
      return { ready: false, reason: `redis unreachable: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
}
