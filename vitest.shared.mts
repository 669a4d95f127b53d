import { fileURLToPath } from 'node:url';

// One alias table for every project's vitest config, mirroring tsconfig.base.json paths.
const lib = (name: string) => fileURLToPath(new URL(`./libs/${name}/src/index.ts`, import.meta.url));

export const aliases = {
  '@sms-gateway/config': lib('config'),
  '@sms-gateway/contracts': lib('contracts'),
  '@sms-gateway/gammu': lib('gammu'),
  '@sms-gateway/logger': lib('logger'),
  '@sms-gateway/metrics': lib('metrics'),
  '@sms-gateway/queues': lib('queues'),
  '@sms-gateway/runtime': lib('runtime'),
  '@sms-gateway/sms-sender': lib('sms-sender'),
  '@sms-gateway/testing': lib('testing'),
  '@sms-gateway/two-way': lib('two-way'),
  '@sms-gateway/webhooks': lib('webhooks'),
};

/**
 * The test settings every project shares. Besides the console report, each project writes a
 * JSON report to tmp/test-results/<project>.json, which .ci/run adds up into one
 * "N passed, N failed" line.
 */
export const testOptions = (project: string) => ({
  include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
  environment: 'node' as const,
  testTimeout: 30_000,
  hookTimeout: 30_000,
  reporters: ['default', 'json'],
  outputFile: { json: fileURLToPath(new URL(`./tmp/test-results/${project}.json`, import.meta.url)) },
});
