import { describe, expect, it } from 'vitest';
import { freePort, parsePrometheusText, sampleValue, waitFor } from '@sms-gateway/testing';
import { useWorkerHarness } from './support/worker-harness';

describe('worker /metrics, /healthz and /readyz on WORKER_METRICS_PORT', () => {
  const harness = useWorkerHarness('metrics');

  it('counts what happened: sends by outcome, retries by code, gammu runs, registration', async () => {
    const port = await freePort();
    const run = await harness.start({
      env: { WORKER_METRICS_PORT: String(port), WORKER_METRICS_HOST: '127.0.0.1', MODEM_ID: 'modem-m', MODEM_SIGNAL_INTERVAL_MS: '100' },
      scenario: { sendsms: [{ error: 69 }, { ok: true }, { ok: true }], signalDbm: -83 },
    });
    const ids = [await run.client.add('5511900000001', 'a'), await run.client.add('5511900000002', 'b')];
    for (const id of ids) await run.waitForState(id, 'completed');

    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const metrics = parsePrometheusText(await response.text());
    expect(sampleValue(metrics, 'sms_gateway_sends_total', { outcome: 'sent', modem: 'modem-m' })).toBe(2);
    expect(sampleValue(metrics, 'sms_gateway_sends_total', { outcome: 'network_error' })).toBe(1);
    expect(sampleValue(metrics, 'sms_gateway_sends_total', { outcome: 'failed' })).toBe(0);
    expect(sampleValue(metrics, 'sms_gateway_retries_total', { code: '69' })).toBe(1);
    expect(sampleValue(metrics, 'sms_gateway_gammu_run_duration_seconds_count', { command: 'sendsms' })).toBe(3);
    expect(sampleValue(metrics, 'sms_gateway_modem_registered')).toBe(1);
    expect(sampleValue(metrics, 'sms_gateway_consecutive_network_refusals')).toBe(0);
    // The idle modem is asked for its signal (gammu monitor 1) every MODEM_SIGNAL_INTERVAL_MS.
    await waitFor('a signal reading', async () => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return sampleValue(parsePrometheusText(text), 'sms_gateway_modem_signal_strength_dbm') === -83;
    });
    expect(run.gammu.calls().some((call) => call.argv.includes('monitor'))).toBe(true);

    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  });

  it('is not ready while the modem is not registered, but healthy', async () => {
    const port = await freePort();
    await harness.start({
      env: { WORKER_METRICS_PORT: String(port), WORKER_METRICS_HOST: '127.0.0.1' },
      scenario: { networkinfoDefault: { state: 'searching for network' } },
      until: 'waiting_network',
    });
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain('searching for network');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const metrics = parsePrometheusText(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    expect(sampleValue(metrics, 'sms_gateway_modem_registered')).toBe(0);
  });
});
