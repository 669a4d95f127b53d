import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const composeFile = path.join(repoRoot, 'docker-compose.yml');
const PASSWORD = 'compose0ha0password';
const SENTINELS = 'redis-sentinel-1:26379,redis-sentinel-2:26379,redis-sentinel-3:26379';

/** The block of one service in `docker-compose config` output (two-space indented YAML). */
function serviceBlock(config: string, name: string): string {
  const start = config.indexOf(`\n  ${name}:\n`);
  if (start < 0) throw new Error(`no service ${name}`);
  const rest = config.slice(start + 1);
  const end = rest.slice(1).search(/\n {2}\S/);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

describe('docker-compose.yml, "ha" profile (Redis Sentinel)', () => {
  let scratch: string;
  let config: string;
  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'compose-ha-test-'));
    const envFile = path.join(scratch, 'empty.env');
    writeFileSync(envFile, '');
    const { stdout } = await run('docker-compose', ['--env-file', envFile, '-f', composeFile, '--profile', 'ha', 'config'], {
      cwd: scratch,
      env: { PATH: process.env.PATH ?? '', SMS_API_TOKEN: 'compose-ha-test-token', REDIS_PASSWORD: PASSWORD, REDIS_SENTINELS: SENTINELS, REDIS_MIN_REPLICAS_ACK: '1' },
    });
    config = stdout;
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('adds a replica of the redis service and three Sentinels, only with the profile, each keeping its data on a volume', () => {
    for (const name of ['redis-replica', 'redis-sentinel-1', 'redis-sentinel-2', 'redis-sentinel-3']) {
      const block = serviceBlock(config, name);
      expect(block, name).toMatch(/profiles:\n\s+- ha\n/);
      expect(block, name).toMatch(new RegExp(`- ${name === 'redis-replica' ? 'redis-replica-data' : name}:/data`));
      expect(block, name).toContain('read_only: true');
    }
    expect(serviceBlock(config, 'redis-replica')).toMatch(/- --replicaof\n\s+- redis\n\s+- '6379'/);
  });

  it('passes REDIS_SENTINELS, the Sentinel password and REDIS_MIN_REPLICAS_ACK to the API and the worker', () => {
    for (const name of ['api', 'worker']) {
      const block = serviceBlock(config, name);
      expect(block, name).toContain(`REDIS_SENTINELS: ${SENTINELS}`);
      expect(block, name).toContain(`REDIS_SENTINEL_PASSWORD: ${PASSWORD}`);
      expect(block, name).toContain("REDIS_MIN_REPLICAS_ACK: '1'");
    }
  });

  it('writes a Sentinel configuration on which redis-server --sentinel starts and monitors the redis service', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'compose-ha-sentinel-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    let sentinel: ChildProcess | undefined;
    try {
      // The sentinel's start script as compose passes it, pointed at a scratch folder, a free
      // port and a loopback address instead of the compose network's host name.
      const composeText = readFileSync(composeFile, 'utf8');
      const script = /- \|\n((?: {8}.*\n)+)/.exec(composeText.slice(composeText.indexOf('redis-sentinel-1: &sentinel')))?.[1] ?? '';
      const local = script
        .replace(/^ {8}/gm, '')
        .replaceAll('$$', '$')
        .replaceAll('/data', dir)
        .replace('port 26379', `port ${port}`)
        .replace('monitor mymaster redis 6379', 'monitor mymaster 127.0.0.1 6379');
      expect(local).toContain('exec redis-server');
      sentinel = spawn('sh', ['-c', local], { env: { PATH: process.env.PATH ?? '', REDISCLI_AUTH: PASSWORD, SENTINEL_HOST: '127.0.0.1' }, stdio: 'ignore' });
      let answer = '';
      for (let i = 0; i < 100 && !answer.includes('127.0.0.1'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await run('redis-cli', ['-p', String(port), '--no-auth-warning', '-a', PASSWORD, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster']).then(
          ({ stdout }) => stdout,
          () => '',
        );
      }
      expect(answer).toContain('127.0.0.1');
    } finally {
      if (sentinel && sentinel.exitCode === null) {
        const exited = once(sentinel, 'exit');
        sentinel.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
