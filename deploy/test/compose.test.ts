import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const composeFile = path.join(repoRoot, 'docker-compose.yml');
const envExampleFile = path.join(repoRoot, '.env.example');
const nginxConfFile = path.join(repoRoot, 'deploy/nginx/nginx.conf');
const dockerfile = path.join(repoRoot, 'Dockerfile');

/**
 * Variables that only docker-compose.yml reads: where the modem and its gammurc are on the
 * host. No gateway process reads them, so .env.example need not list them. Keep this short.
 */
const COMPOSE_ONLY_VARIABLES = ['MODEM_DEVICE', 'GAMMURC', 'REDIS_PASSWORD'];

const TOKEN = 'compose-test-token';
const REDIS_PASSWORD = 'compose0test0redis0password';
/** What every rendering needs: the two secrets compose refuses to start without. */
const REQUIRED = { SMS_API_TOKEN: TOKEN, REDIS_PASSWORD };

// ---- running docker-compose ------------------------------------------------------------------

let scratch: string;
let emptyEnvFile: string;

/**
 * `docker-compose config` with exactly the given variables: a clean environment and an empty
 * env file, so that neither the caller's shell nor a developer's own .env changes the result.
 */
async function composeConfig(vars: Record<string, string>): Promise<string> {
  try {
    const { stdout } = await run('docker-compose', ['--env-file', emptyEnvFile, '-f', composeFile, 'config'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: scratch, ...vars },
      maxBuffer: 4 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('docker-compose is not installed (Debian: apt-get install -y docker-compose)');
    }
    throw error;
  }
}

// ---- reading docker-compose's block-style YAML output without a YAML library ----------------

interface Line {
  indent: number;
  text: string;
}

function toLines(yaml: string): Line[] {
  return yaml
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({ indent: line.length - line.trimStart().length, text: line.trim() }));
}

function baseIndent(lines: Line[]): number {
  return Math.min(...lines.map((line) => line.indent));
}

function unquote(text: string): string {
  return text.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
}

/** The lines nested under `key:` at the outer level of `lines` (sequences may sit at the key's own indent). */
function child(lines: Line[] | undefined, key: string): Line[] | undefined {
  if (!lines || lines.length === 0) return undefined;
  const base = baseIndent(lines);
  const start = lines.findIndex(
    (line) => line.indent === base && (line.text === `${key}:` || line.text.startsWith(`${key}: `)),
  );
  if (start < 0) return undefined;
  const body: Line[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.indent < base || (line.indent === base && !line.text.startsWith('- '))) break;
    body.push(line);
  }
  return body;
}

/** The keys at the outer level of a mapping. */
function keys(lines: Line[] | undefined): string[] {
  if (!lines || lines.length === 0) return [];
  const base = baseIndent(lines);
  return lines
    .filter((line) => line.indent === base && !line.text.startsWith('- ') && line.text.includes(':'))
    .map((line) => line.text.slice(0, line.text.indexOf(':')));
}

/** The scalar value of `key` at the outer level of a mapping. */
function value(lines: Line[] | undefined, key: string): string | undefined {
  if (!lines || lines.length === 0) return undefined;
  const base = baseIndent(lines);
  const line = lines.find((candidate) => candidate.indent === base && candidate.text.startsWith(`${key}: `));
  return line && unquote(line.text.slice(key.length + 2));
}

/** The scalar items of a sequence. */
function items(lines: Line[] | undefined): string[] {
  if (!lines || lines.length === 0) return [];
  const base = baseIndent(lines);
  return lines
    .filter((line) => line.indent === base && line.text.startsWith('- '))
    .map((line) => unquote(line.text.slice(2)));
}

function service(config: string, name: string): Line[] | undefined {
  return child(child(toLines(config), 'services'), name);
}

function durationMs(text: string | undefined): number {
  const match = /^(\d+)(ms|s|m)$/.exec(text ?? '');
  if (!match) throw new Error(`not a compose duration: ${text}`);
  return Number(match[1]) * { ms: 1, s: 1_000, m: 60_000 }[match[2] as 'ms' | 's' | 'm'];
}

// ---- the variables on each side ---------------------------------------------------------------

/** Every `${NAME...}` / `$NAME` in docker-compose.yml outside comments. */
function variablesReferencedIn(composeText: string): Set<string> {
  const names = new Set<string>();
  for (const rawLine of composeText.split('\n')) {
    if (rawLine.trimStart().startsWith('#')) continue;
    const line = rawLine.replace(/\s#.*$/, '');
    for (const match of line.matchAll(/(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(match[1]);
  }
  return names;
}

/** Names listed in .env.example as `NAME=value` or `# NAME=value`. */
function variablesDocumentedIn(envExampleText: string): Set<string> {
  const names = new Set<string>();
  for (const line of envExampleText.split('\n')) {
    const match = /^\s*#?\s*([A-Z][A-Z0-9_]*)=/.exec(line);
    if (match) names.add(match[1]);
  }
  return names;
}

// ---- tests -------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  let config: string;

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'compose-test-'));
    emptyEnvFile = path.join(scratch, 'empty.env');
    writeFileSync(emptyEnvFile, '');
    config = await composeConfig(REQUIRED);
  });

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('is a valid compose file once SMS_API_TOKEN is set', () => {
    expect(config).toMatch(/^services:/m);
  });

  it('refuses to render without SMS_API_TOKEN and says which variable is missing', async () => {
    const failure = await composeConfig({ REDIS_PASSWORD }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure, 'docker-compose config succeeded without SMS_API_TOKEN').toBeDefined();
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain('SMS_API_TOKEN');
  });

  it('refuses to render without REDIS_PASSWORD, so that no Redis runs without a password', async () => {
    const failure = await composeConfig({ SMS_API_TOKEN: TOKEN }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure, 'docker-compose config succeeded without REDIS_PASSWORD').toBeDefined();
    expect(failure?.stderr).toContain('REDIS_PASSWORD');
  });

  it('starts Redis with REDIS_PASSWORD and its health check authenticates', () => {
    const redis = service(config, 'redis');
    expect(items(child(redis, 'command')).join(' ')).toContain(`--requirepass ${REDIS_PASSWORD}`);
    expect(value(child(redis, 'environment'), 'REDISCLI_AUTH')).toBe(REDIS_PASSWORD);
    expect(items(child(child(redis, 'healthcheck'), 'test')).join(' ')).toContain('redis-cli ping');
  });

  it('runs every container without capabilities, unable to gain privileges, on a read-only root', () => {
    const names = keys(child(toLines(config), 'services'));
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) {
      const definition = service(config, name);
      expect(items(child(definition, 'cap_drop')), name).toEqual(['ALL']);
      expect(items(child(definition, 'security_opt')), name).toContain('no-new-privileges:true');
      expect(value(definition, 'read_only'), name).toBe('true');
    }
    // Where a process writes outside its volumes: a tmpfs.
    for (const name of ['api', 'worker', 'proxy']) expect(items(child(service(config, name), 'tmpfs')), name).toContain('/tmp');
    // Root in a container without capabilities cannot switch users: these start as theirs.
    expect(value(service(config, 'redis'), 'user')).toBe('redis');
  });

  it('passes METRICS_TOKEN to the API, whose /metrics the proxy publishes', async () => {
    expect(value(child(service(config, 'api'), 'environment'), 'METRICS_TOKEN')).toBe('');
    const withToken = await composeConfig({ ...REQUIRED, METRICS_TOKEN: 'scrape-secret-0123456789' });
    expect(value(child(service(withToken, 'api'), 'environment'), 'METRICS_TOKEN')).toBe('scrape-secret-0123456789');
  });

  it('defines the redis, api, proxy and worker services', () => {
    expect(keys(child(toLines(config), 'services'))).toEqual(
      expect.arrayContaining(['redis', 'api', 'proxy', 'worker']),
    );
  });

  it('keeps Redis data on a volume with the append-only file fsynced every second', () => {
    const redis = service(config, 'redis');
    const command = items(child(redis, 'command')).join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--appendfsync everysec');
    expect(items(child(redis, 'volumes')).some((volume) => /^redis-data:\/data(:rw)?$/.test(volume))).toBe(true);
    expect(keys(child(toLines(config), 'volumes'))).toContain('redis-data');
  });

  it('gives the API no host port of its own, so that it can be scaled', () => {
    expect(keys(service(config, 'api'))).not.toContain('ports');
  });

  it('publishes the proxy on PORT, 5000 unless set', async () => {
    const published = (text: string) =>
      child(service(text, 'proxy'), 'ports')
        ?.map((line) => line.text)
        .join(' ');
    expect(published(config)).toMatch(/published: ['"]?5000\b/);
    expect(published(config)).toMatch(/target: ['"]?8080\b/);

    const onOtherPort = await composeConfig({ ...REQUIRED, PORT: '8080' });
    expect(published(onOtherPort)).toMatch(/published: ['"]?8080\b/);
    expect(value(child(service(onOtherPort, 'api'), 'environment'), 'PORT')).toBe('5000');
  });

  it('has the proxy forward to the port the API listens on, re-resolving the scaled replicas', () => {
    const apiPort = value(child(service(config, 'api'), 'environment'), 'PORT');
    const nginx = readFileSync(nginxConfFile, 'utf8');
    expect(nginx).toContain(`api:${apiPort}`);
    expect(nginx).toMatch(/resolver 127\.0\.0\.11 valid=\d+s/);
    expect(nginx).toContain('X-Forwarded-For $proxy_add_x_forwarded_for');
    expect(items(child(service(config, 'proxy'), 'volumes'))).toContainEqual(
      expect.stringMatching(/deploy\/nginx\/nginx\.conf:\/etc\/nginx\/nginx\.conf:ro$/),
    );
  });

  it('runs the proxy unprivileged on the port its nginx.conf listens on, writing only to /tmp', () => {
    const proxy = service(config, 'proxy');
    const nginx = readFileSync(nginxConfFile, 'utf8');
    const target = /target: ['"]?(\d+)/.exec(child(proxy, 'ports')?.map((line) => line.text).join(' ') ?? '')?.[1];
    expect(nginx).toContain(`listen ${target};`);
    expect(value(proxy, 'user')).toBe('nginx');
    expect(nginx).not.toMatch(/^user /m);
    expect(items(child(proxy, 'tmpfs'))).toContain('/tmp');
    expect(nginx).toMatch(/^pid \/tmp\//m);
    for (const kind of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) expect(nginx).toMatch(new RegExp(`${kind}_temp_path /tmp/`));
  });

  it('lets bodies a little over 64 kB through the proxy so that the API itself answers 413', () => {
    const match = /client_max_body_size\s+(\d+)k;/.exec(readFileSync(nginxConfFile, 'utf8'));
    expect(match).not.toBeNull();
    expect(Number(match?.[1])).toBeGreaterThan(64);
    expect(Number(match?.[1])).toBeLessThanOrEqual(256);
  });

  it('maps the modem into the worker and points GAMMU_CONFIG at the mounted gammurc', async () => {
    const worker = service(config, 'worker');
    expect(items(child(worker, 'devices'))).toEqual(['/dev/ttyUSB0:/dev/ttyUSB0']);
    expect(value(child(worker, 'environment'), 'GAMMU_CONFIG')).toBe('/etc/gammurc');
    expect(items(child(worker, 'volumes'))).toContainEqual(
      expect.stringMatching(/deploy\/gammurc\.example:\/etc\/gammurc:ro$/),
    );
    expect(items(child(worker, 'group_add'))).toContain('dialout');

    const other = await composeConfig({
      ...REQUIRED,
      MODEM_DEVICE: '/dev/serial/by-id/usb-modem-if00-port0',
      GAMMURC: '/etc/sms-gateway/gammurc-modem1',
    });
    const otherWorker = service(other, 'worker');
    expect(items(child(otherWorker, 'devices'))).toEqual(['/dev/serial/by-id/usb-modem-if00-port0:/dev/ttyUSB0']);
    expect(items(child(otherWorker, 'volumes'))).toContain('/etc/sms-gateway/gammurc-modem1:/etc/gammurc:ro');
  });

  it("serves the worker's metrics on the compose network, where Prometheus scrapes them", () => {
    const workerEnv = child(service(config, 'worker'), 'environment');
    expect(value(workerEnv, 'WORKER_METRICS_PORT')).toBe('9464');
    expect(value(workerEnv, 'WORKER_METRICS_HOST')).toBe('0.0.0.0');
  });

  it('connects the API and the worker to the redis service, with its password', () => {
    for (const name of ['api', 'worker']) {
      expect(value(child(service(config, name), 'environment'), 'REDIS_URL')).toBe(`redis://:${REDIS_PASSWORD}@redis:6379`);
      expect(keys(child(service(config, name), 'depends_on'))).toContain('redis');
    }
  });

  it("passes the operator's settings from the environment through to the processes", async () => {
    const custom = await composeConfig({
      ...REQUIRED,
      QUEUE_PREFIX: 'site-b',
      LOG_LEVEL: 'debug',
      MODEM_ID: 'modem-7',
      ALLOW_ROAMING: 'true',
      RETRY_NETWORK_CODES: '69,41',
      DASHBOARD_USER: 'ops',
      ALLOWED_NUMBER_PREFIXES: '+55,55',
      CALLBACK_ALLOWED_HOSTS: 'hooks.internal',
      MAX_QUEUED_MESSAGES: '5000',
    });
    const apiEnv = child(service(custom, 'api'), 'environment');
    expect(value(apiEnv, 'ALLOWED_NUMBER_PREFIXES')).toBe('+55,55');
    expect(value(apiEnv, 'CALLBACK_ALLOWED_HOSTS')).toBe('hooks.internal');
    expect(value(apiEnv, 'MAX_QUEUED_MESSAGES')).toBe('5000');
    const workerEnv = child(service(custom, 'worker'), 'environment');
    expect(value(apiEnv, 'SMS_API_TOKEN')).toBe(TOKEN);
    expect(value(apiEnv, 'QUEUE_PREFIX')).toBe('site-b');
    expect(value(apiEnv, 'DASHBOARD_USER')).toBe('ops');
    expect(value(workerEnv, 'QUEUE_PREFIX')).toBe('site-b');
    expect(value(workerEnv, 'LOG_LEVEL')).toBe('debug');
    expect(value(workerEnv, 'MODEM_ID')).toBe('modem-7');
    expect(value(workerEnv, 'ALLOW_ROAMING')).toBe('true');
    expect(value(workerEnv, 'RETRY_NETWORK_CODES')).toBe('69,41');
  });

  it('uses the contract defaults when nothing is set', () => {
    const workerEnv = child(service(config, 'worker'), 'environment');
    expect(value(workerEnv, 'QUEUE_PREFIX')).toBe('sms');
    expect(value(workerEnv, 'RETRY_NETWORK_CODES')).toBe('69');
    expect(value(workerEnv, 'RETRY_OTHER_MAX_ATTEMPTS')).toBe('5');
    expect(value(workerEnv, 'SHUTDOWN_TIMEOUT_MS')).toBe('30000');
    expect(value(child(service(config, 'api'), 'environment'), 'DASHBOARD_USER')).toBe('admin');
    expect(value(child(service(config, 'api'), 'environment'), 'MAX_QUEUED_MESSAGES')).toBe('100000');
    // The API sits behind the proxy on the compose network: believe the proxy's X-Forwarded-For.
    expect(value(child(service(config, 'api'), 'environment'), 'TRUST_PROXY')).toBe('1');
  });

  it('gives the API and the worker longer to stop than SHUTDOWN_TIMEOUT_MS, with SIGTERM', () => {
    for (const name of ['api', 'worker']) {
      const definition = service(config, name);
      const shutdownMs = Number(value(child(definition, 'environment'), 'SHUTDOWN_TIMEOUT_MS'));
      expect(durationMs(value(definition, 'stop_grace_period'))).toBeGreaterThan(shutdownMs);
      expect(value(definition, 'stop_signal')).toBe('SIGTERM');
      expect(value(definition, 'init')).toBe('true');
    }
  });

  it('builds the api and worker images from stages that the Dockerfile defines', () => {
    const stages = [...readFileSync(dockerfile, 'utf8').matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1]);
    for (const name of ['api', 'worker']) {
      const target = value(child(service(config, name), 'build'), 'target');
      expect(target).toBe(name);
      expect(stages).toContain(target);
    }
  });

  it('reads no variable that .env.example does not list, apart from the compose-only ones', () => {
    expect(existsSync(envExampleFile), `${envExampleFile} is missing`).toBe(true);
    const documented = variablesDocumentedIn(readFileSync(envExampleFile, 'utf8'));
    const used = variablesReferencedIn(readFileSync(composeFile, 'utf8'));
    // The environment of the gateway's own containers (those built from the Dockerfile); the
    // images of others (redis-cli's REDISCLI_AUTH) read variables of their own.
    for (const name of keys(child(toLines(config), 'services'))) {
      if (!child(service(config, name), 'build')) continue;
      for (const key of keys(child(service(config, name), 'environment'))) used.add(key);
    }
    expect(used.size).toBeGreaterThan(10);

    const undocumented = [...used].filter((name) => !documented.has(name) && !COMPOSE_ONLY_VARIABLES.includes(name));
    expect(undocumented, 'add these to .env.example (or, if compose-only, to COMPOSE_ONLY_VARIABLES)').toEqual([]);
    // The compose-only names must really be used, or the allow-list has gone stale.
    for (const name of COMPOSE_ONLY_VARIABLES) expect(used).toContain(name);
  });
});
