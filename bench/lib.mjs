// Shared helpers of the benchmarks: processes, ports, Redis clean-up and the printed tables.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

export const WORKSPACE = fileURLToPath(new URL('../', import.meta.url));
export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
/** `npm run bench:smoke`: each benchmark runs very briefly and only has to produce numbers. */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/** A prefix no other run (or test) uses, so that clean-up removes only our keys. */
export function uniquePrefix(what) {
  return `bench-${what}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export function distMain(app) {
  const main = join(WORKSPACE, 'dist', 'apps', app, 'main.js');
  if (!existsSync(main)) {
    throw new Error(`${main} is missing: build first (npx nx run-many -t build --output-style=static)`);
  }
  return main;
}

export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

export function tempDir(what) {
  const path = mkdtempSync(join(tmpdir(), `sms-bench-${what}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

const started = new Set();

/**
 * Starts `node <script>` with `env` added. stdout goes to `logFile` (so that a chatty process
 * is not slowed by whoever reads it), or is piped when `logFile` is 'pipe'.
 */
export function startNode(name, script, { env = {}, logFile, nodeArgs = [] } = {}) {
  const fd = logFile && logFile !== 'pipe' ? openSync(logFile, 'a') : undefined;
  const stdout = logFile === 'pipe' ? 'pipe' : fd ?? 'ignore';
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: WORKSPACE,
    env: { ...process.env, ...env },
    stdio: ['ignore', stdout, 'pipe'],
  });
  if (fd !== undefined) closeSync(fd);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exit = once(child, 'exit').then(([code, signal]) => ({ code, signal }));
  const handle = {
    name,
    child,
    stderr: () => stderr,
    exited: exit,
    /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exit;
        clearTimeout(timer);
      }
      started.delete(handle);
      return exit;
    },
  };
  started.add(handle);
  return handle;
}

/** Stops every process this benchmark started (also on a crash). */
export async function stopAll() {
  await Promise.all([...started].map((handle) => handle.stop(3_000)));
}

/** Waits until `GET url` answers 200, failing early if the process dies. */
export async function waitForHttp(handle, url, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (handle.child.exitCode !== null) {
      throw new Error(`${handle.name} exited with ${handle.child.exitCode} before answering: ${handle.stderr()}`);
    }
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`${handle.name} did not answer ${url} within ${timeoutMs} ms: ${handle.stderr()}`);
}

export function redisClient() {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
}

/** Deletes every key under `prefix:` (all queues of that prefix), in batches. */
export async function deletePrefix(redis, prefix) {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5_000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

let clockTicks;
/** Clock ticks per second of /proc's CPU times, read once, when first needed. */
function ticksPerSecond() {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU time (user + system, ms) process `pid` has used so far, from /proc; NaN where there is none. */
export function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond();
  } catch {
    return NaN;
  }
}

/** A numeric field of an `INFO` section's text. */
const infoNumber = (info, field) => Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1]);

/** CPU time (ms) the Redis server has used so far (`INFO cpu`). */
export async function redisCpuMs(redis) {
  const info = await redis.info('cpu');
  return (infoNumber(info, 'used_cpu_user') + infoNumber(info, 'used_cpu_sys')) * 1000;
}

export async function usedMemory(redis) {
  return infoNumber(await redis.info('memory'), 'used_memory');
}

/** A plain-text table, columns padded; numbers right-aligned. */
export function table(headers, rows) {
  const cells = [headers, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((_, col) => Math.max(...cells.map((row) => row[col].length)));
  const numeric = (text) => /^[-+]?[\d.,]+( ?[a-zA-Z/%]*)?$/.test(text);
  const line = (row) =>
    `| ${row.map((cell, col) => (numeric(cell) ? cell.padStart(widths[col]) : cell.padEnd(widths[col]))).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

export const fmt = (value, digits = 1) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';

export const verdict = (pass) => (pass ? 'PASS' : 'MISS');

/** The `q` quantile (0..1) of numbers sorted ascending, by nearest rank; NaN when there are none. */
export function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `main` and exits with its code; a crash prints the error and exits 1. Every process it
 * started is stopped first, whatever happened (SIGINT/SIGTERM included).
 */
export function runBenchmark(main) {
  const bail = async (signal) => {
    await stopAll();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', bail);
  process.once('SIGTERM', bail);
  main()
    .then(async (code) => {
      await stopAll();
      process.exit(code ?? 0);
    })
    .catch(async (error) => {
      console.error(error instanceof Error ? error.stack : error);
      await stopAll();
      process.exit(1);
    });
}
