// Redis memory per queued message: N messages stored exactly as our API stores them (same job
// name, data shape, options and UUID job ids, and the listing-index entry), under a fresh prefix; `INFO memory` used_memory
// before and after. The keys' own MEMORY USAGE is summed too, as a check that does not move when
// another client uses the same Redis meanwhile.
//   node bench/redis-memory.mjs              (BENCH_SMOKE=1: 2,000 messages)
// Tunables: BENCH_REDIS_MESSAGES.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  deletePrefix,
  fmt,
  redisClient,
  runBenchmark,
  SMOKE,
  table,
  uniquePrefix,
  usedMemory,
} from './lib.mjs';
import { reportResults } from './results.mjs';
import { loadWorkspaceLibs, smsJobData } from './workspace-libs.mjs';

const MESSAGES = process.env.BENCH_REDIS_MESSAGES ? Number(process.env.BENCH_REDIS_MESSAGES) : SMOKE ? 2_000 : 100_000;
const CHUNK = 1_000;
const TARGET_BYTES = 2_048;

/** Sum of MEMORY USAGE (all samples) over every key under `prefix:`, and the key count. */
async function keyMemory(redis, prefix, queueName) {
  let cursor = '0';
  let bytes = 0;
  let keys = 0;
  const byKind = new Map();
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5_000);
    cursor = next;
    if (batch.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of batch) pipeline.memory('USAGE', key, 'SAMPLES', 0);
    const answers = await pipeline.exec();
    answers.forEach(([error, size], i) => {
      if (error) throw error;
      bytes += Number(size ?? 0);
      keys += 1;
      const inQueue = batch[i].startsWith(`${prefix}:${queueName}:`);
      const rest = inQueue ? batch[i].slice(prefix.length + queueName.length + 2) : batch[i].slice(prefix.length + 1);
      const kind = /^[0-9a-f-]{36}$/.test(rest) ? 'job hash' : rest;
      const entry = byKind.get(kind) ?? { keys: 0, bytes: 0 };
      entry.keys += 1;
      entry.bytes += Number(size ?? 0);
      byKind.set(kind, entry);
    });
  } while (cursor !== '0');
  return { bytes, keys, byKind };
}

async function main() {
  const redis = redisClient();
  const connection = redisClient();
  const prefix = uniquePrefix('memory');
  const { queues, contracts } = await loadWorkspaceLibs();
  const queueName = contracts.QUEUE_NAMES.outgoingSms;
  const jobName = contracts.SMS_JOB_NAMES.send;
  // The API's own queue factory: same queue name and job options as a message it accepted.
  const queue = queues.createSmsQueue(connection, prefix);
  try {
    await queue.waitUntilReady();
    console.log(`redis-memory: ${MESSAGES.toLocaleString('en-US')} messages in addBulk chunks of ${CHUNK}, prefix ${prefix}`);
    await sleep(200);
    const before = await usedMemory(redis);
    for (let i = 0; i < MESSAGES; i += CHUNK) {
      const size = Math.min(CHUNK, MESSAGES - i);
      const jobs = Array.from({ length: size }, (_, j) => ({ name: jobName, data: smsJobData(contracts, i + j), opts: { jobId: randomUUID() } }));
      // The API also writes each message's listing-index entry (libs/queues indexMessage).
      await Promise.all([queue.addBulk(jobs), ...jobs.map((job) => queues.indexMessage(connection, prefix, job.opts.jobId, job.data))]);
    }
    await sleep(200);
    const after = await usedMemory(redis);
    const waiting = await queue.getWaitingCount();
    if (waiting !== MESSAGES) throw new Error(`expected ${MESSAGES} waiting jobs, found ${waiting}`);
    const keys = await keyMemory(redis, prefix, queueName);

    const perMessage = (after - before) / MESSAGES;
    const perMessageKeys = keys.bytes / MESSAGES;
    const sampleId = (await queue.getWaiting(0, 0))[0]?.id;
    const sample = sampleId ? await redis.hgetall(`${prefix}:${queueName}:${sampleId}`) : {};
    console.log('\nKeys under the prefix (MEMORY USAGE)');
    console.log(
      table(
        ['key', 'keys', 'bytes', 'bytes per message'],
        [...keys.byKind.entries()]
          .sort((a, b) => b[1].bytes - a[1].bytes)
          .map(([kind, v]) => [kind, `${v.keys}`, fmt(v.bytes, 0), fmt(v.bytes / MESSAGES, 1)]),
      ),
    );
    console.log(
      `\nused_memory ${fmt(before / 1048576, 1)} MB -> ${fmt(after / 1048576, 1)} MB; one job hash (${await redis.object('ENCODING', `${prefix}:${queueName}:${sampleId}`)}): ` +
        Object.entries(sample)
          .map(([field, value]) => `${field}=${value.length}B`)
          .join(' '),
    );
    reportResults('Redis results', [
      { benchmark: 'redis memory', metric: `per queued message (used_memory, ${MESSAGES.toLocaleString('en-US')} queued)`, ours: perMessage, unit: 'B', digits: 0, target: `< ${TARGET_BYTES} B`, pass: perMessage < TARGET_BYTES },
      { benchmark: 'redis memory', metric: 'per queued message (sum of MEMORY USAGE)', ours: perMessageKeys, unit: 'B', digits: 0 },
    ]);
    return 0;
  } finally {
    await queue.close();
    await connection.quit().catch(() => connection.disconnect());
    await deletePrefix(redis, prefix);
    redis.disconnect();
  }
}

runBenchmark(main);
