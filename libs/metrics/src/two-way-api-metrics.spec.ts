import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from '@sms-gateway/testing';
import { createRegistry } from './default-metrics';
import { registerTwoWayApiMetrics } from './two-way-api-metrics';

describe('registerTwoWayApiMetrics', () => {
  it('counts opt-out refusals by route and reads the list and inbox sizes once per scrape, keeping them when Redis fails', async () => {
    const registry = createRegistry();
    let reads = 0;
    let fail = false;
    const metrics = registerTwoWayApiMetrics(registry, async () => {
      reads += 1;
      if (fail) throw new Error('Redis away');
      return { optOuts: 3, inbound: 12 };
    });
    metrics.optOutRefusals.inc({ route: '/v1/messages/bulk' }, 2);
    metrics.optOutRefusals.inc({ route: '/enviar-sms' });
    let families = parsePrometheusText(await registry.metrics());
    expect(reads).toBe(1);
    expect(sampleValue(families, 'sms_gateway_opt_out_refusals_total', { route: '/v1/messages/bulk' })).toBe(2);
    expect(sampleValue(families, 'sms_gateway_opt_out_refusals_total', { route: '/enviar-sms' })).toBe(1);
    expect(sampleValue(families, 'sms_gateway_opt_outs', {})).toBe(3);
    expect(sampleValue(families, 'sms_gateway_inbound_messages', {})).toBe(12);
    fail = true;
    families = parsePrometheusText(await registry.metrics());
    expect(sampleValue(families, 'sms_gateway_opt_outs', {})).toBe(3);
  });
});
