import { Redis, type RedisOptions } from 'ioredis';
import type { RedisConfig } from '@sms-gateway/config';
import { isFailoverReply } from './failover-reply';

/**
 * For producers (the API): fail fast instead of buffering commands while Redis is
 * away, so a request gets a 503 rather than a 202 for a job that is not stored.
 * A `READONLY` answer (a primary that was demoted under us) drops the connection, so the
 * next command goes to the primary Sentinel names; the command itself fails (→ 503).
 */
export function createProducerConnection(config: RedisConfig, options: RedisOptions = {}): Redis {
  return connect(config, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    reconnectOnError: (error) => isFailoverReply(error),
    ...options,
  });
}

/**
 * For workers: BullMQ's blocking commands need `maxRetriesPerRequest: null`; reconnect forever.
 * After a `READONLY` or `UNBLOCKED` answer from a demoted primary the command is sent again
 * once reconnected to the new one (`2`): it changed nothing where it was refused.
 */
export function createWorkerConnection(config: RedisConfig, options: RedisOptions = {}): Redis {
  return connect(config, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 500, 5_000),
    reconnectOnError: (error) => (isFailoverReply(error) ? 2 : false),
    ...options,
  });
}

function connect(config: RedisConfig, options: RedisOptions): Redis {
  return config.sentinel ? new Redis({ ...sentinelOptions(config), ...options }) : new Redis(config.url, options);
}

/**
 * ioredis options that find the primary through Sentinel. REDIS_URL still gives the data
 * nodes' user, password, database and TLS; its host and port are not used.
 */
export function sentinelOptions(config: RedisConfig): RedisOptions {
  const { sentinel } = config;
  if (!sentinel) return {};
  const url = new URL(config.url);
  const db = Number(url.pathname.slice(1) || 0);
  return {
    sentinels: sentinel.nodes.map(({ host, port }) => ({ host, port })),
    name: sentinel.masterName,
    ...(sentinel.password ? { sentinelPassword: sentinel.password } : {}),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(db ? { db } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {}, enableTLSForSentinelMode: true } : {}),
    // Reconnect as soon as a Sentinel announces a new primary (+switch-master), not at the next error.
    failoverDetector: true,
  };
}
