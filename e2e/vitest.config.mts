import { defineConfig } from 'vitest/config';
import { aliases, testOptions } from '../vitest.shared.mts';

// System-level fault tests: real API and worker processes (built dist/), real Redis, nginx.
// A stalled job comes back only after BullMQ's 30 s lock lapses, hence the longer timeout;
// two files at a time, so that this mostly idle wait overlaps with the busy files.
export default defineConfig({
  root: __dirname,
  resolve: { alias: aliases },
  test: { ...testOptions('e2e'), testTimeout: 120_000, hookTimeout: 60_000, maxWorkers: 2 },
});
