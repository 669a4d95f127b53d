import type { Redis } from 'ioredis';
import type { Logger } from '@sms-gateway/logger';

/**
 * Logs a lost Redis connection as one line per outage (not one stack trace per reconnect
 * attempt, which ioredis prints raw when nobody listens), and its return.
 */
export function logRedisProblems(redis: Redis, logger: Logger): void {
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn('Redis is unreachable; waiting for it (messages stay queued)', { event: 'redis_unreachable', error: error.message });
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info('Redis is back', { event: 'redis_ready' });
  });
}
