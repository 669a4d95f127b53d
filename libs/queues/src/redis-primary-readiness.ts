import type { Redis } from 'ioredis';

/** Whether a connection reaches a Redis primary that can take jobs now; structurally a metrics `Readiness`. */
export interface PrimaryReadiness {
  readonly ready: boolean;
  /** Why not, e.g. "redis unreachable: …", "redis is a replica, not the primary". */
  readonly reason?: string;
}

/**
 * Decides from a `ROLE` reply: ready only on a primary (`master`) with at least `minReplicas`
 * replicas attached (REDIS_MIN_REPLICAS_ACK: with fewer, every job would be refused). Pure.
 */
export function primaryReadiness(role: unknown, minReplicas: number): PrimaryReadiness {
  const kind = Array.isArray(role) ? String(role[0]) : 'unknown';
  if (kind !== 'master') return { ready: false, reason: `redis is a ${kind === 'slave' ? 'replica' : kind}, not the primary (failover under way?)` };
  const replicas = Array.isArray((role as unknown[])[2]) ? ((role as unknown[])[2] as unknown[]).length : 0;
  if (replicas < minReplicas) return { ready: false, reason: `redis primary has ${replicas} of the ${minReplicas} replicas REDIS_MIN_REPLICAS_ACK needs` };
  return { ready: true };
}

/**
 * Asks the node `redis` is connected to for its `ROLE`, within `timeoutMs`: not ready while
 * there is no primary (Redis down, or Sentinel still promoting a replica), or too few replicas.
 * The API's and a worker's `/readyz` use it.
 */
export async function checkRedisPrimary(redis: Redis, { minReplicas, timeoutMs }: { minReplicas: number; timeoutMs: number }): Promise<PrimaryReadiness> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const role = await Promise.race([
      redis.call('ROLE'),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        timer.unref();
      }),
    ]);
    return primaryReadiness(role, minReplicas);
  } catch (error) {
    return { ready: false, reason: `redis unreachable: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    clearTimeout(timer);
  }
}
