import type { Redis } from 'ioredis';
import type { Readiness } from '@sms-gateway/metrics';
import { checkRedisPrimary } from '@sms-gateway/queues';

/**
 * Ready when the connection reaches a Redis primary within `timeoutMs` (with the replicas
 * REDIS_MIN_REPLICAS_ACK needs) and the server is not draining. During a Sentinel failover
 * there is no primary for a few seconds: not ready.
 */
export function redisReadiness(options: {
  readonly redis: Redis;
  readonly timeoutMs: number;
  readonly minReplicas: number;
  readonly lifecycle?: { readonly draining: boolean };
}): () => Promise<Readiness> {
  return async () => {
    if (options.lifecycle?.draining) return { ready: false, reason: 'shutting down' };
    return checkRedisPrimary(options.redis, { minReplicas: options.minReplicas, timeoutMs: options.timeoutMs });
  };
}
