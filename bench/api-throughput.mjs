// API accept throughput and latency of `POST /enviar-sms`: our API (every check, logging on)
// against the bare Express + BullMQ baseline, measured in alternating rounds in one run so that
// the ratio holds on a noisy machine; then both at a constant offered 1,000 requests/s, next to
// a server that answers at once (bench/null-server.mjs), which shows the load generator's share,
// in rounds that rotate the three servers' order.
//   node bench/api-throughput.mjs            (BENCH_SMOKE=1: a few seconds in all)
// Tunables: BENCH_API_ROUND_S, BENCH_API_ROUNDS (pairs), BENCH_API_CONNECTIONS, BENCH_API_RATE_S,
// BENCH_API_RATE_ROUNDS (constant-load rounds),
// BENCH_API_CPU_PROF=<dir> (runs our API under `node --cpu-prof`, profile written at its exit).
import autocannon from 'autocannon';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  deletePrefix,
  distMain,
  fmt,
  freePort,
  median,
  processCpuMs,
  quantile,
  redisClient,
  redisCpuMs,
  REDIS_URL,
  runBenchmark,
  SMOKE,
  startNode,
  table,
  tempDir,
  uniquePrefix,
  verdict,
  waitForHttp,
  WORKSPACE,
} from './lib.mjs';
import { reportResults } from './results.mjs';

const num = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const CONNECTIONS = num('BENCH_API_CONNECTIONS', 50);
const WARMUP_S = SMOKE ? 1 : 3;
const ROUND_S = num('BENCH_API_ROUND_S', SMOKE ? 1 : 8);
const PAIRS = num('BENCH_API_ROUNDS', SMOKE ? 1 : 3);
const RATE = 1_000;
// Rounds rotate the servers' order; the target takes the median round, and shows them all:
// one stall of 50 ms in a round is enough to move that round's p99 by 20 ms (docs/BENCHMARKS.md).
const RATE_S = num('BENCH_API_RATE_S', SMOKE ? 1 : 20);
const RATE_ROUNDS = num('BENCH_API_RATE_ROUNDS', SMOKE ? 1 : 3);
// A fresh autocannon opens its 50 connections at once, and their first answers take up to a few
// hundred ms on every server, the null server included (docs/BENCHMARKS.md). Each constant-load
// round runs this much longer, and the target counts the answers that arrive after it.
const OPENING_MS = SMOKE ? 200 : 1_000;
const RATE_ROUND_S = RATE_S + OPENING_MS / 1000;
const PACED_S = SMOKE ? 1 : 10;
const TARGET_RATIO = 1.0;
const TARGET_P99_MS = 20;
const TOKEN = 'bench-token-0123456789abcdef';
const BODY = JSON.stringify({ token: TOKEN, numero: '+55 11 99999-1234', mensagem: 'Sua consulta é amanhã às 9h.' });

/**
 * One autocannon round. With `cpu` ({ pid, redis }), it also reports the CPU time per answered
 * request of the server process, of Redis and of this process (the load generator), in µs.
 */
async function load(url, { duration, overallRate, cpu } = {}) {
  const cpuBefore = cpu && { server: processCpuMs(cpu.pid), redis: await redisCpuMs(cpu.redis), loadGen: process.cpuUsage() };
  const instance = autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
    connections: CONNECTIONS,
    duration,
    ...(overallRate ? { overallRate } : {}),
  });
  // With a rate, autocannon records each answer of L ms as L samples (L, L-1, ... 1): its
  // coordinated-omission correction takes ceil(1 / per-connection rate) = 1 ms as the interval
  // between requests, where it is 50 ms. The answers' own latencies are kept here as well,
  // with the time each arrived, so that the first second (connections opening) can be left out.
  const start = performance.now();
  const answered = [];
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) answered.push({ at: performance.now() - start, ms });
  });
  const result = await instance;
  let cpuPerRequest;
  if (cpu) {
    const perRequest = (ms) => (ms * 1000) / result.requests.total;
    const loadGen = process.cpuUsage(cpuBefore.loadGen);
    cpuPerRequest = {
      server: perRequest(processCpuMs(cpu.pid) - cpuBefore.server),
      redis: perRequest((await redisCpuMs(cpu.redis)) - cpuBefore.redis),
      loadGen: perRequest((loadGen.user + loadGen.system) / 1000),
    };
  }
  const openLatencies = answered.filter(({ at }) => at >= OPENING_MS).map(({ ms }) => ms).sort((a, b) => a - b);
  return {
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    openP99: quantile(openLatencies, 0.99),
    max: result.latency.max,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpu: cpuPerRequest,
  };
}

/**
 * An evenly paced open-loop load: one request every 1/rate s (at most `connections` open),
 * each latency counted from the moment the request was due, so a stall is not hidden by
 * requests that were never sent (coordinated omission). autocannon's rate option instead sends
 * each connection's share in a burst at the start of every second.
 */
function paced(url, { rate, seconds }) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const total = Math.round(rate * seconds);
  const intervalMs = 1000 / rate;
  const latencies = [];
  let sent = 0;
  let done = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  const start = performance.now();
  return new Promise((resolve) => {
    const finish = () => {
      if (++done < total) return;
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const elapsed = (performance.now() - start) / 1000;
      resolve({ rps: ok / elapsed, total, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies.at(-1) ?? NaN, ok, non2xx, errors });
    };
    const fire = (dueAt) => {
      const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.once('end', () => {
          latencies.push(performance.now() - dueAt);
          if (res.statusCode >= 200 && res.statusCode < 300) ok++;
          else non2xx++;
          finish();
        });
      });
      req.once('error', () => {
        errors++;
        finish();
      });
      req.end(BODY);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (sent < due) fire(start + sent++ * intervalMs);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

async function main() {
  const dir = tempDir('api');
  const redis = redisClient();
  const ourPrefix = uniquePrefix('api');
  const basePrefix = uniquePrefix('baseline');
  const [ourPort, basePort, nullPort] = [await freePort(), await freePort(), await freePort()];
  const profileDir = process.env.BENCH_API_CPU_PROF;

  const ours = startNode('our API', distMain('api'), {
    env: {
      SMS_API_TOKEN: TOKEN,
      PORT: String(ourPort),
      HOST: '127.0.0.1',
      QUEUE_PREFIX: ourPrefix,
      REDIS_URL,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      // An 8 s round at full speed can store close to 100,000 messages (the default cap) before
      // the queue is emptied between rounds; the bench measures the accept path, not the cap.
      MAX_QUEUED_MESSAGES: '10000000',
    },
    logFile: join(dir.path, 'api.log'),
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  const baseline = startNode('baseline', join(WORKSPACE, 'bench', 'baseline-server.mjs'), {
    env: { PORT: String(basePort), QUEUE_PREFIX: basePrefix, REDIS_URL },
    logFile: join(dir.path, 'baseline.log'),
  });
  const nullServer = startNode('null server', join(WORKSPACE, 'bench', 'null-server.mjs'), { env: { PORT: String(nullPort) } });
  const targets = {
    ours: { name: 'ours', url: `http://127.0.0.1:${ourPort}/enviar-sms`, pid: ours.child.pid, rounds: [] },
    baseline: { name: 'baseline', url: `http://127.0.0.1:${basePort}/enviar-sms`, pid: baseline.child.pid, rounds: [] },
    floor: { name: 'null server', url: `http://127.0.0.1:${nullPort}/enviar-sms`, rounds: [] },
  };
  const clean = async () => {
    await deletePrefix(redis, ourPrefix);
    await deletePrefix(redis, basePrefix);
  };

  try {
    await waitForHttp(ours, `http://127.0.0.1:${ourPort}/status`);
    await waitForHttp(baseline, `http://127.0.0.1:${basePort}/status`);
    await waitForHttp(nullServer, `http://127.0.0.1:${nullPort}/status`);
    console.log(
      `api-throughput: ${CONNECTIONS} connections, warm-up ${WARMUP_S} s each, ${PAIRS} x 2 rounds of ${ROUND_S} s (alternating), ` +
        `then ${RATE_ROUNDS} rounds of ${RATE} req/s offered for ${RATE_S} s each (autocannon overallRate; ours, baseline, null server), then evenly paced for ${PACED_S} s`,
    );

    for (const target of [targets.baseline, targets.ours]) {
      await load(target.url, { duration: WARMUP_S });
      await clean();
    }
    // A B, B A, A B, ...: each side runs as often first as second, so that drift cancels.
    for (let pair = 0; pair < PAIRS; pair++) {
      const order = pair % 2 === 0 ? [targets.baseline, targets.ours] : [targets.ours, targets.baseline];
      for (const target of order) {
        const round = await load(target.url, { duration: ROUND_S, cpu: { pid: target.pid, redis } });
        target.rounds.push({ pair: pair + 1, ...round });
        await clean();
      }
    }
    // Constant offered load, both servers: autocannon's rate option (the target), then evenly paced.
    // The null server's runs show how much of that p99 is autocannon's and the machine's own.
    await load(targets.floor.url, { duration: WARMUP_S });
    const rateRounds = { baseline: [], ours: [], 'null server': [] };
    const rotation = [targets.baseline, targets.ours, targets.floor];
    for (let round = 0; round < RATE_ROUNDS; round++) {
      for (let i = 0; i < rotation.length; i++) {
        const target = rotation[(round + i) % rotation.length];
        rateRounds[target.name].push({ round: round + 1, ...(await load(target.url, { duration: RATE_ROUND_S, overallRate: RATE })) });
        await clean();
      }
    }
    const medianOf = (name, key) => median(rateRounds[name].map((r) => r[key]));
    const rates = Object.fromEntries(Object.keys(rateRounds).map((name) => [name, { p99: medianOf(name, 'p99'), openP99: medianOf(name, 'openP99') }]));
    const pacedRuns = {};
    for (const target of [targets.baseline, targets.ours]) {
      pacedRuns[target.name] = await paced(target.url, { rate: RATE, seconds: PACED_S });
      await clean();
    }
    const rate = rates.ours;
    const p99Pass = rate.openP99 < TARGET_P99_MS;

    const rows = [];
    for (const target of [targets.baseline, targets.ours]) {
      for (const r of target.rounds) {
        rows.push([`pair ${r.pair}`, target.name, fmt(r.rps, 0), fmt(r.p50, 1), fmt(r.p99, 1), '', fmt(r.max, 0), `${r.non2xx}`, `${r.errors}`]);
      }
    }
    for (const [name, runs] of Object.entries(rateRounds)) {
      for (const r of runs) {
        rows.push([`${RATE}/s ac ${r.round}`, name, fmt(r.rps, 0), fmt(r.p50, 1), fmt(r.p99, 1), fmt(r.openP99, 1), fmt(r.max, 0), `${r.non2xx}`, `${r.errors}`]);
      }
    }
    for (const [name, r] of Object.entries(pacedRuns)) {
      rows.push([`${RATE}/s paced`, name, fmt(r.rps, 0), fmt(r.p50, 1), fmt(r.p99, 1), '', fmt(r.max, 0), `${r.non2xx}`, `${r.errors}`]);
    }
    console.log(
      `\nAPI rounds (POST /enviar-sms; latency in ms; "p99": autocannon's; "p99 open": answers after the first ${OPENING_MS} ms, each counted once, see load())`,
    );
    console.log(table(['round', 'server', 'req/s', 'p50', 'p99', 'p99 open', 'max', 'non-2xx', 'errors'], rows));
    // At 1,000 req/s offered, each second opens with a 50-deep burst that drains at the saturated
    // rate, so CPU per request (server, Redis and the load generator share two cores here) sets
    // the p99 as much as any stall does (docs/BENCHMARKS.md).
    const cpuRows = [targets.baseline, targets.ours].flatMap((target) =>
      target.rounds.map((r) => [`pair ${r.pair}`, target.name, fmt(r.cpu.server, 0), fmt(r.cpu.redis, 0), fmt(r.cpu.loadGen, 0)]),
    );
    console.log('\nCPU per request in the 50-connection rounds (µs of CPU time per answered request)');
    console.log(table(['round', 'server', 'server process', 'Redis', 'load generator'], cpuRows));

    const mean = (list, key) => list.reduce((sum, r) => sum + r[key], 0) / list.length;
    const oursRps = mean(targets.ours.rounds, 'rps');
    const baseRps = mean(targets.baseline.rounds, 'rps');
    const ratio = oursRps / baseRps;
    const pairRatios = targets.ours.rounds.map((r, i) => r.rps / targets.baseline.rounds[i].rps);
    console.log(`\nratio ours/baseline per pair: ${pairRatios.map((r) => fmt(r, 2)).join(', ')} (median ${fmt(median(pairRatios), 2)})`);

    /** A figure of the 50-connection rounds, as the median round of ours and of the baseline. */
    const medianRounds = (pick) => ({ ours: median(targets.ours.rounds.map(pick)), reference: median(targets.baseline.rounds.map(pick)) });
    reportResults('API results', [
      { benchmark: 'api throughput', metric: `req/s at ${CONNECTIONS} connections`, ours: oursRps, reference: baseRps, unit: 'req/s', digits: 0 },
      { benchmark: 'api throughput', metric: 'ratio ours/baseline', ours: ratio, unit: '', digits: 2, target: `>= ${TARGET_RATIO.toFixed(1)}`, pass: ratio >= TARGET_RATIO },
      { benchmark: 'api cpu', metric: `server process, per request at ${CONNECTIONS} connections (median round)`, ...medianRounds((r) => r.cpu.server), unit: 'µs', digits: 0 },
      { benchmark: 'api cpu', metric: `Redis, per request at ${CONNECTIONS} connections (median round)`, ...medianRounds((r) => r.cpu.redis), unit: 'µs', digits: 0 },
      { benchmark: 'api latency', metric: `p50 at ${CONNECTIONS} connections`, ...medianRounds((r) => r.p50), unit: 'ms' },
      { benchmark: 'api latency', metric: `p99 at ${CONNECTIONS} connections`, ...medianRounds((r) => r.p99), unit: 'ms' },
      {
        benchmark: 'api latency',
        metric: `p99 at ${RATE} req/s offered, connections open (median of ${RATE_ROUNDS})`,
        ours: rate.openP99,
        reference: rates.baseline.openP99,
        unit: 'ms',
        target: `< ${TARGET_P99_MS} ms`,
        pass: p99Pass,
      },
      // A server that does nothing shows what autocannon and the machine add on their own.
      { benchmark: 'api latency', metric: `same, null server as reference`, ours: rate.openP99, reference: rates[targets.floor.name].openP99, unit: 'ms' },
      { benchmark: 'api latency', metric: `same offered load, autocannon's p99 (whole round, weighted)`, ours: rate.p99, reference: rates.baseline.p99, unit: 'ms' },
      { benchmark: 'api latency', metric: `p99 at ${RATE} req/s evenly paced`, ours: pacedRuns.ours.p99, reference: pacedRuns.baseline.p99, unit: 'ms' },
    ]);
    console.log(`throughput ratio: ${verdict(ratio >= TARGET_RATIO)}; p99 at ${RATE} req/s: ${verdict(p99Pass)}`);

    // Numbers from a run where a request failed measure something else: that is a broken benchmark.
    const failed = [...targets.ours.rounds, ...targets.baseline.rounds, ...Object.values(rateRounds).flat(), ...Object.values(pacedRuns)].filter((r) => r.non2xx > 0 || r.errors > 0 || r.ok === 0);
    if (failed.length > 0) {
      console.error(`api-throughput: ${failed.length} round(s) had non-2xx answers, errors or no 2xx at all; see the table above`);
      return 1;
    }
    return 0;
  } finally {
    await ours.stop();
    await baseline.stop();
    await nullServer.stop();
    await clean().catch(() => undefined);
    redis.disconnect();
    dir.remove();
  }
}

runBenchmark(main);
