// REDIS_MIN_REPLICAS_ACK: accept throughput of `POST /enviar-sms` when every 202 waits for one
// replica to hold the message (Redis WAIT, one per batch of jobs), against the same API not
// waiting (0). Both run at once against one private primary with one replica on loopback (AOF
// everysec, as in production), in alternating rounds so that drift cancels.
//   node bench/replica-ack.mjs            (BENCH_SMOKE=1: a few seconds in all)
// Tunables: BENCH_ACK_ROUND_S, BENCH_ACK_ROUNDS (pairs), BENCH_ACK_CONNECTIONS.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { deletePrefix, distMain, fmt, freePort, median, runBenchmark, SMOKE, startNode, table, tempDir, uniquePrefix, verdict, waitForHttp } from './lib.mjs';
import { reportResults } from './results.mjs';

const num = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const CONNECTIONS = num('BENCH_ACK_CONNECTIONS', 50);
const WARMUP_S = SMOKE ? 1 : 3;
const ROUND_S = num('BENCH_ACK_ROUND_S', SMOKE ? 1 : 8);
const PAIRS = num('BENCH_ACK_ROUNDS', SMOKE ? 1 : 3);
const TARGET_RATIO = 0.8;
const TOKEN = 'bench-token-0123456789abcdef';
const BODY = JSON.stringify({ token: TOKEN, numero: '+55 11 99999-1234', mensagem: 'Sua consulta é amanhã às 9h.' });

/** A redis-server of our own on a free loopback port; `args` added to its command line. */
async function startRedis(dir, args = []) {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', ...args], {
    stdio: 'ignore',
  });
  const redis = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 3, retryStrategy: (times) => (times > 50 ? null : 100) });
  redis.on('error', () => undefined);
  await redis.ping();
  return {
    port,
    redis,
    async stop() {
      redis.disconnect();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    },
  };
}

async function load(url) {
  const result = await autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY, connections: CONNECTIONS, duration: ROUND_S });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

async function main() {
  const dir = tempDir('replica-ack');
  const nodes = [];
  try {
    const primary = await startRedis(join(dir.path), []);
    nodes.push(primary);
    const replicaDir = tempDir('replica-ack-replica');
    const replica = await startRedis(replicaDir.path, ['--replicaof', '127.0.0.1', String(primary.port)]);
    nodes.push({ ...replica, stop: async () => (await replica.stop(), replicaDir.remove()) });
    for (let i = 0; !/master_link_status:up/.test(await replica.redis.info('replication')); i++) {
      if (i > 200) throw new Error('the replica did not get in sync');
      await sleep(50);
    }

    const start = async (name, ack) => {
      const port = await freePort();
      const prefix = uniquePrefix(`ack${ack}`);
      const app = startNode(name, distMain('api'), {
        env: {
          SMS_API_TOKEN: TOKEN,
          PORT: String(port),
          HOST: '127.0.0.1',
          QUEUE_PREFIX: prefix,
          REDIS_URL: `redis://127.0.0.1:${primary.port}`,
          REDIS_MIN_REPLICAS_ACK: String(ack),
          LOG_LEVEL: 'info',
          LOG_FORMAT: 'json',
        },
        logFile: join(dir.path, `${name}.log`),
      });
      await waitForHttp(app, `http://127.0.0.1:${port}/status`);
      return { name, url: `http://127.0.0.1:${port}/enviar-sms`, prefix, rounds: [] };
    };
    const unacknowledged = await start('REDIS_MIN_REPLICAS_ACK=0', 0);
    const acknowledged = await start('REDIS_MIN_REPLICAS_ACK=1', 1);
    const clean = async () => {
      for (const target of [unacknowledged, acknowledged]) await deletePrefix(primary.redis, target.prefix);
    };
    console.log(`replica-ack: ${CONNECTIONS} connections, one primary and one replica on loopback, ${PAIRS} x 2 rounds of ${ROUND_S} s (alternating)`);

    for (const target of [unacknowledged, acknowledged]) {
      await autocannon({ url: target.url, method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY, connections: CONNECTIONS, duration: WARMUP_S });
      await clean();
    }
    for (let pair = 0; pair < PAIRS; pair++) {
      const order = pair % 2 === 0 ? [unacknowledged, acknowledged] : [acknowledged, unacknowledged];
      for (const target of order) {
        target.rounds.push({ pair: pair + 1, ...(await load(target.url)) });
        await clean();
      }
    }

    const rows = [unacknowledged, acknowledged].flatMap((target) =>
      target.rounds.map((r) => [`pair ${r.pair}`, target.name, fmt(r.rps, 0), fmt(r.p50, 1), fmt(r.p99, 1), `${r.non2xx}`, `${r.errors}`]),
    );
    console.log('\nreplica-ack rounds (POST /enviar-sms; latency in ms)');
    console.log(table(['round', 'API', 'req/s', 'p50', 'p99', 'non-2xx', 'errors'], rows));
    const mean = (target) => target.rounds.reduce((sum, r) => sum + r.rps, 0) / target.rounds.length;
    const ratio = mean(acknowledged) / mean(unacknowledged);
    reportResults('Replica acknowledgement results', [
      { benchmark: 'replica-ack', metric: `req/s at ${CONNECTIONS} connections, ACK=1 vs 0`, ours: mean(acknowledged), reference: mean(unacknowledged), unit: 'req/s', digits: 0 },
      { benchmark: 'replica-ack', metric: 'ratio ACK=1 / ACK=0', ours: ratio, unit: '', digits: 2, target: `>= ${TARGET_RATIO}`, pass: ratio >= TARGET_RATIO },
      {
        benchmark: 'replica-ack',
        metric: `p99 at ${CONNECTIONS} connections (median round)`,
        ours: median(acknowledged.rounds.map((r) => r.p99)),
        reference: median(unacknowledged.rounds.map((r) => r.p99)),
        unit: 'ms',
      },
    ]);
    console.log(`ratio ACK=1 / ACK=0: ${fmt(ratio, 2)} (${verdict(ratio >= TARGET_RATIO)})`);
    const failed = [...unacknowledged.rounds, ...acknowledged.rounds].filter((r) => r.non2xx > 0 || r.errors > 0);
    if (failed.length > 0) {
      console.error(`replica-ack: ${failed.length} round(s) had non-2xx answers or errors; see the table above`);
      return 1;
    }
    return 0;
  } finally {
    for (const node of nodes.reverse()) await node.stop().catch(() => undefined);
    dir.remove();
  }
}

runBenchmark(main);
