// The benchmarks store jobs exactly as the apps do by using the workspace libraries themselves
// (queue and job names, createSmsQueue with its job options, analyzeText): esbuild bundles
// them from source into tmp/ (npm packages stay external), so no figure drifts from the code.
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WORKSPACE } from './lib.mjs';

/** @returns {Promise<{ queues: typeof import('../libs/queues/src/index.ts'), contracts: typeof import('../libs/contracts/src/index.ts'), gammu: typeof import('../libs/gammu/src/index.ts') }>} */
export async function loadWorkspaceLibs() {
  const dir = join(WORKSPACE, 'tmp', 'bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `workspace-libs-${process.pid}-${Date.now()}.mjs`);
  await build({
    stdin: {
      contents:
        "export * as queues from '@sms-gateway/queues';\nexport * as contracts from '@sms-gateway/contracts';\nexport * as gammu from '@sms-gateway/gammu';\n",
      resolveDir: WORKSPACE,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    tsconfig: join(WORKSPACE, 'tsconfig.base.json'),
    outfile,
    logLevel: 'warning',
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(outfile, { force: true });
  }
}

/** A job's data as the API builds it for `text` (libs/contracts analyzeText). */
export function smsJobData(contracts, i, text = 'Sua consulta e amanha as 9h OK') {
  const { encoding, segments } = contracts.analyzeText(text);
  return {
    to: `+55119${String(99_000_000 + (i % 1_000_000)).padStart(8, '0')}`,
    text,
    encoding,
    segments,
    source: 'enviar-sms',
    acceptedAt: new Date().toISOString(),
  };
}
