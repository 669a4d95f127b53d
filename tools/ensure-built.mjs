#!/usr/bin/env node
// Runs before `npm run start:api` / `start:worker`: bundles the app when dist/ is missing or
// older than its sources, so a fresh clone starts with `npm ci && npm run start:api`.
// Writes to a temporary file and renames it, so replicas starting together never read half a file.
import { build } from 'esbuild';
import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const app = process.argv[2];
const root = resolve(import.meta.dirname, '..');
const outfile = join(root, 'dist', 'apps', app, 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'test') newest = Math.max(newest, newestSource(path));
    } else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sourcesChanged = () =>
  Math.max(newestSource(join(root, 'apps', app, 'src')), newestSource(join(root, 'libs'))) > statSync(outfile).mtimeMs;

if (!existsSync(outfile) || sourcesChanged()) {
  const temporary = `${outfile}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(root, 'apps', app, 'src', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    tsconfig: join(root, 'tsconfig.base.json'),
    outfile: temporary,
    logLevel: 'warning',
  });
  renameSync(temporary, outfile);
  renameSync(`${temporary}.map`, `${outfile}.map`);
}
