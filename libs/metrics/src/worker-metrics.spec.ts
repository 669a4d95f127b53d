import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from '@sms-gateway/testing';
import { createWorkerMetrics, DELIVERY_REPORT_OUTCOMES, GAMMU_COMMANDS, INBOUND_OUTCOMES, KEYWORD_ACTIONS, SEND_OUTCOMES } from './worker-metrics';

const scrape = async (registry: { metrics(): Promise<string> }) => parsePrometheusText(await registry.metrics());

describe('createWorkerMetrics', () => {
  it('defines the worker metrics with Prometheus naming conventions, in text that parses', async () => {
    const families = await scrape(createWorkerMetrics({ modemId: 'modem-1' }).registry);
    const own = [...families.values()].filter((family) => family.name.startsWith('sms_gateway_'));
    expect(Object.fromEntries(own.map((family) => [family.name, family.type]))).toEqual({
      sms_gateway_sends_total: 'counter',
      sms_gateway_gammu_run_duration_seconds: 'histogram',
      sms_gateway_retries_total: 'counter',
      sms_gateway_modem_registered: 'gauge',
      sms_gateway_modem_signal_strength_dbm: 'gauge',
      sms_gateway_modem_resets_total: 'counter',
      sms_gateway_consecutive_network_refusals: 'gauge',
      sms_gateway_inbound_messages_total: 'counter',
      sms_gateway_delivery_reports_total: 'counter',
      sms_gateway_opt_out_keywords_total: 'counter',
    });
    for (const family of own) expect(family.help, family.name).toBeTruthy();
    expect(families.has('process_resident_memory_bytes')).toBe(true);
  });

  it('labels every sample with the modem, the process metrics included', async () => {
    const metrics = createWorkerMetrics({ modemId: 'modem-7' });
    metrics.retries.inc({ code: '69' });
    metrics.signalStrength.set(-73);
    const families = await scrape(metrics.registry);
    const samples = [...families.values()].flatMap((family) => family.samples);
    expect(samples.length).toBeGreaterThan(20);
    expect(samples.filter((sample) => sample.labels.modem !== 'modem-7')).toEqual([]);
  });

  it('starts every send outcome and gammu command at 0, so that increase() sees the first one', async () => {
    const families = await scrape(createWorkerMetrics({ modemId: 'm' }).registry);
    for (const outcome of SEND_OUTCOMES) expect(sampleValue(families, 'sms_gateway_sends_total', { outcome })).toBe(0);
    for (const command of GAMMU_COMMANDS) expect(sampleValue(families, 'sms_gateway_gammu_run_duration_seconds_count', { command })).toBe(0);
    for (const outcome of INBOUND_OUTCOMES) expect(sampleValue(families, 'sms_gateway_inbound_messages_total', { outcome })).toBe(0);
    for (const outcome of DELIVERY_REPORT_OUTCOMES) expect(sampleValue(families, 'sms_gateway_delivery_reports_total', { outcome })).toBe(0);
    for (const action of KEYWORD_ACTIONS) expect(sampleValue(families, 'sms_gateway_opt_out_keywords_total', { action })).toBe(0);
  });

  it('counts sends, retries, resets and gammu runs as they happen', async () => {
    const metrics = createWorkerMetrics({ modemId: 'm' });
    metrics.sends.inc({ outcome: 'network_error' });
    metrics.sends.inc({ outcome: 'network_error' });
    metrics.sends.inc({ outcome: 'sent' });
    metrics.retries.inc({ code: '69' });
    metrics.retries.inc({ code: 'timeout' });
    metrics.modemResets.inc();
    metrics.gammuRunDuration.observe({ command: 'sendsms' }, 3.2);
    metrics.modemRegistered.set(1);
    metrics.consecutiveNetworkRefusals.set(2);
    const families = await scrape(metrics.registry);
    expect(sampleValue(families, 'sms_gateway_sends_total', { outcome: 'network_error' })).toBe(2);
    expect(sampleValue(families, 'sms_gateway_sends_total', { outcome: 'sent' })).toBe(1);
    expect(sampleValue(families, 'sms_gateway_sends_total', { outcome: 'failed' })).toBe(0);
    expect(sampleValue(families, 'sms_gateway_retries_total', { code: '69' })).toBe(1);
    expect(sampleValue(families, 'sms_gateway_retries_total', { code: 'timeout' })).toBe(1);
    expect(sampleValue(families, 'sms_gateway_modem_resets_total')).toBe(1);
    expect(sampleValue(families, 'sms_gateway_gammu_run_duration_seconds_bucket', { command: 'sendsms', le: '5' })).toBe(1);
    expect(sampleValue(families, 'sms_gateway_gammu_run_duration_seconds_bucket', { command: 'sendsms', le: '2' })).toBe(0);
    expect(sampleValue(families, 'sms_gateway_modem_registered')).toBe(1);
    expect(sampleValue(families, 'sms_gateway_consecutive_network_refusals')).toBe(2);
  });

  it('reports no signal strength until the modem gave one (0 dBm would be a strong signal)', async () => {
    const metrics = createWorkerMetrics({ modemId: 'm' });
    expect(sampleValue(await scrape(metrics.registry), 'sms_gateway_modem_signal_strength_dbm')).toBeUndefined();
    metrics.signalStrength.set(-85);
    expect(sampleValue(await scrape(metrics.registry), 'sms_gateway_modem_signal_strength_dbm')).toBe(-85);
    metrics.signalStrength.remove();
    expect(sampleValue(await scrape(metrics.registry), 'sms_gateway_modem_signal_strength_dbm')).toBeUndefined();
  });
});
