import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '@sms-gateway/logger';
import { logRedisProblems } from './redis-problems';

function setup() {
  const redis = new EventEmitter();
  const logger = { warn: vi.fn(), info: vi.fn() };
  logRedisProblems(redis as unknown as Redis, logger as unknown as Logger);
  return { redis, logger };
}

describe('logRedisProblems', () => {
  it('logs one line per outage, however many reconnect attempts fail, and one when Redis is back', () => {
    const { redis, logger } = setup();
    for (let attempt = 0; attempt < 5; attempt++) redis.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(expect.any(String), { event: 'redis_unreachable', error: 'connect ECONNREFUSED 127.0.0.1:6379' });
    redis.emit('ready');
    expect(logger.info).toHaveBeenCalledWith(expect.any(String), { event: 'redis_ready' });
    redis.emit('error', new Error('again'));
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('says nothing on the first connect', () => {
    const { redis, logger } = setup();
    redis.emit('ready');
    expect(logger.info).not.toHaveBeenCalled();
  });
});
