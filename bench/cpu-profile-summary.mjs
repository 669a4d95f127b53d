// Summarises a V8 .cpuprofile (from `node --cpu-prof`, e.g. BENCH_API_CPU_PROF=<dir> node
// bench/api-throughput.mjs): the functions with the most self time, and self time by package.
//   node bench/cpu-profile-summary.mjs <file.cpuprofile> [top=25] [fnA,fnB,...]
// The optional list gives inclusive time (self + callees) of the named functions, e.g. the
// route handler, the validation and the logger, each sample counted once per name.
import { readFileSync } from 'node:fs';
import { table } from './lib.mjs';

const [file, topArg, inclusiveArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/cpu-profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

// Self time of a node = sum of the time deltas of the samples that landed in it.
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const where = (url) => {
  if (!url) return '(native/V8)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node core';
  if (url.includes('/dist/apps/')) return 'our code (dist)';
  return url;
};
const short = (url) => url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/');

const byFunction = new Map();
const byPackage = new Map();
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (!us) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${url ? `${short(url)}:${lineNumber + 1}` : ''}`.trim();
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const pkg = where(url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1)}%`;
const rows = (map, n) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => [name, `${(us / 1000).toFixed(0)} ms`, pct(us)]);

console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
console.log('\nSelf time by package');
console.log(table(['package', 'self', 'share'], rows(byPackage, 20)));
console.log(`\nTop ${top} functions by self time`);
console.log(table(['function', 'self', 'share'], rows(byFunction, top)));

if (inclusiveArg) {
  const names = inclusiveArg.split(',');
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const inclusive = new Map(names.map((name) => [name, 0]));
  profile.samples.forEach((id, i) => {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at)?.callFrame.functionName;
      if (inclusive.has(name) && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, inclusive.get(name) + (profile.timeDeltas[i] ?? 0));
      }
    }
  });
  console.log('\nInclusive time of the named functions');
  console.log(table(['function', 'inclusive', 'share'], [...inclusive.entries()].map(([name, us]) => [name, `${(us / 1000).toFixed(0)} ms`, pct(us)])));
}
