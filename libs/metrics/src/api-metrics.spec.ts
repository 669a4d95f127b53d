import { describe, expect, it, vi } from 'vitest';
import { createApiMetrics } from './api-metrics';
import { parsePrometheusText, sampleValue } from '@sms-gateway/testing';

const scrape = async (registry: { metrics(): Promise<string> }) => parsePrometheusText(await registry.metrics());

describe('createApiMetrics', () => {
  it('exposes text that parses as Prometheus format, with the default process metrics', async () => {
    const metrics = createApiMetrics({ readQueueCounts: async () => ({ 'outgoing-sms': { waiting: 2 } }) });
    metrics.requests.record('POST', '/enviar-sms', 202);
    metrics.acceptDuration.observe({ route: '/enviar-sms' }, 0.003);
    const families = await scrape(metrics.registry);
    expect(families.get('sms_gateway_http_requests_total')?.type).toBe('counter');
    expect(families.get('sms_gateway_accept_duration_seconds')?.type).toBe('histogram');
    expect(families.get('sms_gateway_queue_jobs')?.type).toBe('gauge');
    expect(families.get('sms_gateway_redis_up')?.type).toBe('gauge');
    expect(families.has('process_cpu_seconds_total')).toBe(true);
    expect(families.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('follows the naming conventions: prefix, _total counters, _seconds histograms, help on every metric', async () => {
    const families = await scrape(createApiMetrics().registry);
    const own = [...families.values()].filter((family) => family.name.startsWith('sms_gateway_'));
    expect(own.map((family) => family.name).sort()).toEqual([
      'sms_gateway_accept_duration_seconds',
      'sms_gateway_http_requests_total',
      'sms_gateway_queue_jobs',
      'sms_gateway_redis_up',
    ]);
    for (const family of own) {
      expect(family.help, family.name).toBeTruthy();
      if (family.type === 'counter') expect(family.name).toMatch(/_total$/);
      if (family.type === 'histogram') expect(family.name).toMatch(/_seconds$/);
    }
  });

  it('counts recorded requests by method, route and status, exactly', async () => {
    const { registry, requests, httpRequests } = createApiMetrics();
    for (let i = 0; i < 5; i++) requests.record('POST', '/enviar-sms', 202);
    requests.record('POST', '/enviar-sms', 403);
    requests.record('GET', 'unmatched', 404);
    let families = await scrape(registry);
    expect(sampleValue(families, 'sms_gateway_http_requests_total', { method: 'POST', route: '/enviar-sms', status: '202' })).toBe(5);
    expect(sampleValue(families, 'sms_gateway_http_requests_total', { route: '/enviar-sms', status: '403' })).toBe(1);
    expect(sampleValue(families, 'sms_gateway_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);

    // Counters only grow: a second scrape adds what came since, and direct inc() still works.
    requests.record('POST', '/enviar-sms', 202);
    httpRequests.inc({ method: 'POST', route: '/enviar-sms', status: '202' });
    families = await scrape(registry);
    expect(sampleValue(families, 'sms_gateway_http_requests_total', { route: '/enviar-sms', status: '202' })).toBe(7);
  });

  it('puts accept durations into buckets for 1–100 ms', async () => {
    const { registry, acceptDuration } = createApiMetrics();
    for (const seconds of [0.0008, 0.004, 0.004, 0.03, 0.2]) acceptDuration.observe({ route: '/v1/messages' }, seconds);
    const families = await scrape(registry);
    const bucket = (le: string) => sampleValue(families, 'sms_gateway_accept_duration_seconds_bucket', { route: '/v1/messages', le });
    expect(bucket('0.001')).toBe(1);
    expect(bucket('0.005')).toBe(3);
    expect(bucket('0.05')).toBe(4);
    expect(bucket('0.1')).toBe(4);
    expect(bucket('+Inf')).toBe(5);
    expect(sampleValue(families, 'sms_gateway_accept_duration_seconds_count', { route: '/v1/messages' })).toBe(5);
  });

  it('reads the queues once per scrape and sets the job gauges and redis_up', async () => {
    const readQueueCounts = vi.fn(async () => ({
      'outgoing-sms': { waiting: 4, active: 1, 'waiting-children': 0 },
      'webhook-deliveries': { waiting: 2 },
    }));
    const { registry } = createApiMetrics({ readQueueCounts });
    const families = await scrape(registry);
    expect(readQueueCounts).toHaveBeenCalledTimes(1);
    expect(sampleValue(families, 'sms_gateway_queue_jobs', { queue: 'outgoing-sms', state: 'waiting' })).toBe(4);
    expect(sampleValue(families, 'sms_gateway_queue_jobs', { queue: 'outgoing-sms', state: 'waiting-children' })).toBe(0);
    expect(sampleValue(families, 'sms_gateway_queue_jobs', { queue: 'webhook-deliveries', state: 'waiting' })).toBe(2);
    expect(sampleValue(families, 'sms_gateway_redis_up')).toBe(1);
  });

  it('keeps the last queue values and reports redis_up 0 when the queues cannot be read', async () => {
    let fail = false;
    const { registry } = createApiMetrics({
      readQueueCounts: async () => {
        if (fail) throw new Error('Redis did not answer within 1000 ms');
        return { 'outgoing-sms': { waiting: 9 } };
      },
    });
    await registry.metrics();
    fail = true;
    const families = await scrape(registry);
    expect(sampleValue(families, 'sms_gateway_queue_jobs', { queue: 'outgoing-sms', state: 'waiting' })).toBe(9);
    expect(sampleValue(families, 'sms_gateway_redis_up')).toBe(0);
    fail = false;
    expect(sampleValue(await scrape(registry), 'sms_gateway_redis_up')).toBe(1);
  });

  it('has no queue or redis_up samples without a way to read the queues', async () => {
    const families = await scrape(createApiMetrics().registry);
    expect(families.get('sms_gateway_queue_jobs')?.samples).toEqual([]);
    expect(families.get('sms_gateway_redis_up')?.samples).toEqual([]);
  });

  it('keeps each registry separate', async () => {
    const first = createApiMetrics();
    const second = createApiMetrics();
    first.requests.record('GET', '/status', 200);
    expect(sampleValue(await scrape(second.registry), 'sms_gateway_http_requests_total')).toBeUndefined();
    expect(sampleValue(await scrape(first.registry), 'sms_gateway_http_requests_total')).toBe(1);
  });
});
