// Runs every benchmark, one after another in its own process, then prints one summary table.
//   npm run bench              full run (a few minutes; keep the machine otherwise idle)
//   npm run bench:smoke        BENCH_SMOKE=1: each very briefly; only checks that numbers come out
//   node bench/run.mjs api     only the named ones (api, worker, redis, modem, replica-ack)
// Exits non-zero when a benchmark crashes, our API answers non-2xx, or a figure is missing.
// A missed target is reported (MISS), not an error.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { SMOKE, table, tempDir, WORKSPACE } from './lib.mjs';
import { RESULT_HEADERS, resultCells } from './results.mjs';

const BENCHMARKS = {
  api: 'api-throughput.mjs',
  worker: 'worker-overhead.mjs',
  redis: 'redis-memory.mjs',
  modem: 'modem-session.mjs',
  'replica-ack': 'replica-ack.mjs',
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
const selected = wanted.length > 0 ? wanted : Object.keys(BENCHMARKS);

const dir = tempDir('run');
const resultsFile = join(dir.path, 'results.jsonl');
const failures = [];
let current;
const stop = (signal) => {
  current?.kill(signal);
  dir.remove();
  process.exit(130);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

console.log(
  `sms-gateway benchmarks${SMOKE ? ' (smoke mode: figures are not meaningful)' : ''} — ${new Date().toISOString()}\n` +
    `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}`,
);
const started = Date.now();
for (const name of selected) {
  console.log(`\n=== ${name}: bench/${BENCHMARKS[name]} ===`);
  const t0 = Date.now();
  current = spawn(process.execPath, [join(WORKSPACE, 'bench', BENCHMARKS[name])], {
    cwd: WORKSPACE,
    stdio: 'inherit',
    env: { ...process.env, BENCH_RESULTS: resultsFile },
  });
  const [code, signal] = await once(current, 'exit');
  current = undefined;
  console.log(`(${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (code !== 0) failures.push(`${name} exited with ${code ?? signal}`);
}

const rows = existsSync(resultsFile)
  ? readFileSync(resultsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];
dir.remove();
for (const row of rows) {
  if (!Number.isFinite(row.ours) || (row.reference !== undefined && !Number.isFinite(row.reference))) {
    failures.push(`${row.benchmark} / ${row.metric}: no number`);
  }
}
for (const name of selected) {
  if (!rows.some((row) => row.benchmark.startsWith(name))) failures.push(`${name} reported no figures`);
}

console.log(`\n=== Summary (${((Date.now() - started) / 1000).toFixed(0)} s) ===`);
console.log(table(RESULT_HEADERS, rows.map(resultCells)));
const misses = rows.filter((row) => row.pass === false);
console.log(
  `${rows.filter((row) => row.pass === true).length} target(s) met, ${misses.length} missed` +
    (misses.length ? `: ${misses.map((row) => `${row.benchmark} ${row.metric}`).join('; ')}` : ''),
);
if (failures.length > 0) {
  console.error(`\nbenchmark run FAILED:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
