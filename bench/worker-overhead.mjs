// Worker overhead per message beyond the gammu run itself: the real worker draining M queued
// messages through a scripted gammu that answers at once, against spawning that same gammu
// M times in a plain loop. Rounds alternate (loop, worker, loop, worker) in one run.
//   node bench/worker-overhead.mjs            (BENCH_SMOKE=1: M=20, one round)
// Tunables: BENCH_WORKER_MESSAGES (M), BENCH_WORKER_ROUNDS.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  deletePrefix,
  distMain,
  fmt,
  median,
  redisClient,
  REDIS_URL,
  runBenchmark,
  SMOKE,
  startNode,
  table,
  tempDir,
  uniquePrefix,
} from './lib.mjs';
import { reportResults } from './results.mjs';
import { loadWorkspaceLibs, smsJobData } from './workspace-libs.mjs';

const num = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const MESSAGES = num('BENCH_WORKER_MESSAGES', SMOKE ? 20 : 500);
const ROUNDS = num('BENCH_WORKER_ROUNDS', SMOKE ? 1 : 3);
const TARGET_MS = 10;

/** A gammu that answers at once, with exactly what the real one prints on success. */
const FAKE_GAMMU = `#!/bin/sh
for arg in "$@"; do
  case "$arg" in
    --version) echo "Gammu version 1.42.0 (bench stand-in)"; exit 0 ;;
    networkinfo) echo "Network state        : home network"; exit 0 ;;
    sendsms) echo "Sending SMS 1/1....waiting for network answer..OK, message reference=1"; exit 0 ;;
  esac
done
echo "unknown command" >&2
exit 1
`;

/** The arguments the worker passes for a 30-character GSM text (libs/gammu sendSmsArgs). */
function sendArgs(gammurc, data) {
  return ['-c', gammurc, 'sendsms', 'TEXT', data.to, '-len', String(data.text.length), '-text', data.text];
}

/** M runs of the same gammu, one after another, each awaited to its exit with its output read. */
async function plainLoop(libs, bin, gammurc, count) {
  const data = smsJobData(libs.contracts, 0);
  const env = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const child = spawn(bin, sendArgs(gammurc, data), { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const [code] = await once(child, 'exit');
    if (code !== 0 || !out.includes('OK, message reference=')) throw new Error(`scripted gammu failed: exit ${code}, ${out}`);
  }
  return Number(process.hrtime.bigint() - started) / 1e6 / count;
}

/** Queues M messages as the API stores them, starts the worker, times its `sent` lines. */
async function workerRun(libs, bin, gammurc, count, redis) {
  const prefix = uniquePrefix('worker');
  const connection = redisClient();
  // The API's own queue factory: same queue name and job options as a message it accepted.
  const queue = libs.queues.createSmsQueue(connection, prefix);
  try {
    const name = libs.contracts.SMS_JOB_NAMES.send;
    const jobs = Array.from({ length: count }, (_, i) => ({ name, data: smsJobData(libs.contracts, i), opts: { jobId: randomUUID() } }));
    for (let i = 0; i < jobs.length; i += 1_000) await queue.addBulk(jobs.slice(i, i + 1_000));

    const worker = startNode('worker', distMain('worker'), {
      env: {
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        GAMMU_BIN: bin,
        GAMMU_CONFIG: gammurc,
        MODEM_ID: 'bench',
        // Measured against a plain loop of one gammu process per SMS, so the worker runs the same
        // way (bench/modem-session.mjs measures the batch session).
        GAMMU_SESSION: 'oneshot',
        READINESS_TTL_MS: String(24 * 60 * 60 * 1000),
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
      },
      logFile: 'pipe',
    });
    const sentAt = [];
    let partial = '';
    const allSent = new Promise((resolve, reject) => {
      worker.child.stdout.on('data', (chunk) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.includes('"sent"')) continue;
          const entry = JSON.parse(line);
          if (entry.event === 'sent') sentAt.push(Date.parse(entry.timestamp));
          if (sentAt.length === count) resolve();
        }
      });
      worker.exited.then(({ code }) => reject(new Error(`worker exited (${code}) after ${sentAt.length} of ${count} sends: ${worker.stderr()}`)));
    });
    const timeout = setTimeout(() => worker.child.kill('SIGTERM'), 60_000 + count * 200);
    try {
      await allSent;
    } finally {
      clearTimeout(timeout);
      await worker.stop();
    }
    const counts = await queue.getJobCounts('completed', 'failed', 'wait', 'delayed', 'active');
    if (counts.completed !== count) throw new Error(`expected ${count} completed jobs, found ${JSON.stringify(counts)}`);
    // First `sent` to last: M - 1 whole cycles (take a job, check, spawn gammu, log, complete, fetch next).
    return (sentAt.at(-1) - sentAt[0]) / (count - 1);
  } finally {
    await queue.close();
    await connection.quit().catch(() => connection.disconnect());
    await deletePrefix(redis, prefix);
  }
}

async function main() {
  const dir = tempDir('worker');
  const bin = join(dir.path, 'gammu');
  writeFileSync(bin, FAKE_GAMMU);
  chmodSync(bin, 0o755);
  const gammurc = join(dir.path, 'gammurc');
  writeFileSync(gammurc, '[gammu]\ndevice = /dev/null\nconnection = at\n');
  const redis = redisClient();
  const libs = await loadWorkspaceLibs();
  try {
    console.log(`worker-overhead: ${MESSAGES} messages per round, ${ROUNDS} round(s) of plain loop then worker`);
    await plainLoop(libs, bin, gammurc, Math.min(MESSAGES, 50)); // warm-up: page cache, JIT
    const rounds = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const loopMs = await plainLoop(libs, bin, gammurc, MESSAGES);
      const workerMs = await workerRun(libs, bin, gammurc, MESSAGES, redis);
      rounds.push({ round, loopMs, workerMs, overheadMs: workerMs - loopMs });
    }
    console.log('\nWorker rounds (ms per message)');
    console.log(
      table(
        ['round', 'plain loop', 'worker', 'overhead'],
        rounds.map((r) => [`${r.round}`, fmt(r.loopMs, 2), fmt(r.workerMs, 2), fmt(r.overheadMs, 2)]),
      ),
    );
    const loopMs = median(rounds.map((r) => r.loopMs));
    const workerMs = median(rounds.map((r) => r.workerMs));
    const overheadMs = median(rounds.map((r) => r.overheadMs));
    reportResults('Worker results', [
      { benchmark: 'worker', metric: 'ms per message (worker vs plain loop)', ours: workerMs, reference: loopMs, unit: 'ms', digits: 2 },
      { benchmark: 'worker overhead', metric: 'per message beyond gammu', ours: overheadMs, unit: 'ms', digits: 2, target: `< ${TARGET_MS} ms`, pass: overheadMs < TARGET_MS },
    ]);
    return 0;
  } finally {
    redis.disconnect();
    dir.remove();
  }
}

runBenchmark(main);
