import { describe, expect, it } from 'vitest';
import { primaryReadiness } from './redis-primary-readiness';

describe('primaryReadiness (from a ROLE reply)', () => {
  const replica = ['127.0.0.1', '6380', '1234'];
  it.each([
    [['master', 1234, []], 0, { ready: true }],
    [['master', 1234, [replica]], 1, { ready: true }],
    [['master', 1234, [replica, replica]], 1, { ready: true }],
    [['master', 1234, []], 1, { ready: false, reason: 'redis primary has 0 of the 1 replicas REDIS_MIN_REPLICAS_ACK needs' }],
    [['slave', '127.0.0.1', 6379, 'connected', 1234], 0, { ready: false, reason: 'redis is a replica, not the primary (failover under way?)' }],
    [['sentinel', ['mymaster']], 0, { ready: false, reason: 'redis is a sentinel, not the primary (failover under way?)' }],
    ['OK', 0, { ready: false, reason: 'redis is a unknown, not the primary (failover under way?)' }],
  ])('%j with %i replicas required → %j', (role, minReplicas, expected) => {
    expect(primaryReadiness(role, minReplicas)).toEqual(expected);
  });
});
