import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiMetrics, createWorkerMetrics } from '@sms-gateway/metrics';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const prometheusDir = path.join(repoRoot, 'deploy/prometheus');
const configFile = path.join(prometheusDir, 'prometheus.yml');
const alertsFile = path.join(prometheusDir, 'alerts.yml');
const alertTestsFile = path.join(prometheusDir, 'alerts.test.yml');
const composeFile = path.join(repoRoot, 'docker-compose.yml');

/**
 * A YAML file as plain data, read by PyYAML: Python 3 and its yaml module come with
 * docker-compose v1, which the deploy tests need anyway (the workspace has no YAML library).
 */
function readYaml(file: string): unknown {
  try {
    const json = execFileSync('python3', ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)', file], {
      encoding: 'utf8',
    });
    return JSON.parse(json);
  } catch (error) {
    throw new Error(`cannot read ${file} as YAML (needs python3 with PyYAML, Debian: python3-yaml): ${String(error)}`);
  }
}

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  dns_sd_configs?: { names: string[]; type?: string; port: number }[];
}
interface PrometheusConfig {
  rule_files: string[];
  scrape_configs: ScrapeConfig[];
}
interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}
interface ComposeService {
  image?: string;
  profiles?: string[];
  volumes?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
}

describe('deploy/prometheus', () => {
  let config: PrometheusConfig;
  let rules: Rule[];
  let services: Record<string, ComposeService>;
  beforeAll(() => {
    config = readYaml(configFile) as PrometheusConfig;
    rules = (readYaml(alertsFile) as RuleFile).groups.flatMap((group) => group.rules);
    services = (readYaml(composeFile) as { services: Record<string, ComposeService> }).services;
  });

  const job = (name: string) => config.scrape_configs.find((scrape) => scrape.job_name === name);
  const rule = (name: string) => rules.find((candidate) => candidate.alert === name);

  it('loads alerts.yml, which sits next to prometheus.yml', () => {
    expect(config.rule_files).toEqual(['alerts.yml']);
    for (const file of config.rule_files) expect(existsSync(path.join(prometheusDir, file))).toBe(true);
  });

  it('finds every API replica through Docker DNS, on the port the API listens on in compose', () => {
    expect(job('api')?.metrics_path ?? '/metrics').toBe('/metrics');
    expect(job('api')?.dns_sd_configs).toEqual([expect.objectContaining({ names: ['api'], type: 'A', port: 5000 })]);
    expect(Number(services.api?.environment?.PORT)).toBe(5000);
  });

  it('finds the workers through Docker DNS, on the WORKER_METRICS_PORT that compose gives them', () => {
    const port = Number(services.worker?.environment?.WORKER_METRICS_PORT);
    expect(port).toBe(9464);
    expect(job('worker')?.dns_sd_configs).toEqual([expect.objectContaining({ names: ['worker'], type: 'A', port })]);
    expect(services.worker?.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/healthz`);
  });

  it('has the alerts the operators asked for, with these conditions', () => {
    expect(rule('ModemNotRegistered')).toMatchObject({ expr: 'sms_gateway_modem_registered == 0', for: '5m' });
    expect(rule('WorkerDown')).toMatchObject({ expr: 'up{job="worker"} == 0', for: '5m' });
    expect(rule('NoWorker')).toMatchObject({ expr: 'absent(up{job="worker"})', for: '5m' });
    expect(rule('QueueGrowing')?.expr).toMatch(/deriv\(sms_gateway_queue_jobs\{state="waiting"\}\[15m\]\)\)? > 0$/);
    expect(rule('QueueGrowing')?.for).toBe('15m');
    expect(rule('MessagesFailed')?.expr).toBe('increase(sms_gateway_sends_total{outcome="failed"}[15m]) > 0');
    expect(rule('NetworkRefusalsPilingUp')).toMatchObject({ expr: 'sms_gateway_consecutive_network_refusals >= 5', for: '10m' });
  });

  it('gives every alert a unique name, a severity and a summary', () => {
    const names = rules.map((candidate) => candidate.alert);
    expect(names.every(Boolean)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    for (const candidate of rules) {
      expect(['critical', 'warning'], candidate.alert).toContain(candidate.labels?.severity);
      expect(candidate.annotations?.summary, candidate.alert).toBeTruthy();
      if (candidate.for) expect(candidate.for).toMatch(/^\d+[smh]$/);
    }
  });

  it('only uses gateway metrics that the API or the worker export', async () => {
    const exported = new Set<string>();
    for (const registry of [createApiMetrics().registry, createWorkerMetrics({ modemId: 'm' }).registry]) {
      for (const line of (await registry.metrics()).split('\n')) {
        const name = /^([a-z_:][a-z0-9_:]*)[{ ]/.exec(line)?.[1];
        const typed = /^# TYPE (\S+)/.exec(line)?.[1];
        for (const found of [name, typed]) if (found) exported.add(found);
      }
    }
    const used = new Set(rules.flatMap((candidate) => candidate.expr.match(/\bsms_gateway_[a-z0-9_]+/g) ?? []));
    expect(used.size).toBeGreaterThanOrEqual(5);
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
  });

  it('runs Prometheus in compose only with the monitoring profile, with both files mounted and the UI on port 9090', () => {
    const prometheus = services.prometheus;
    expect(prometheus?.profiles).toEqual(['monitoring']);
    expect(prometheus?.image).toMatch(/^prom\/prometheus:v\d/);
    expect(prometheus?.volumes).toEqual(
      expect.arrayContaining([
        './deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
        './deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro',
      ]),
    );
    expect(prometheus?.ports?.some((port) => /(^|:)9090:9090$/.test(port))).toBe(true);
    // The gateway itself does not depend on it.
    for (const name of ['redis', 'api', 'proxy', 'worker']) expect(services[name]?.profiles).toBeUndefined();
  });

  describe('with promtool (Debian: apt-get install prometheus; npm test installs it)', () => {
    const promtool = (...args: string[]) => {
      const result = spawnSync('promtool', args, { cwd: prometheusDir, encoding: 'utf8' });
      if (result.error) throw new Error(`cannot run promtool (apt-get install -y prometheus): ${result.error.message}`);
      return result;
    };

    it('accepts prometheus.yml and alerts.yml', () => {
      for (const result of [promtool('check', 'config', configFile), promtool('check', 'rules', alertsFile)]) {
        expect(result.status, result.stdout + result.stderr).toBe(0);
      }
    });

    it('fires each alert when, and only when, alerts.test.yml expects it', () => {
      const result = promtool('test', 'rules', alertTestsFile);
      expect(result.status, result.stdout + result.stderr).toBe(0);
    });
  });
});
