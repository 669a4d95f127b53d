import { defineConfig } from 'vitest/config';
import { aliases } from '../../vitest.shared.mts';

export default defineConfig({
  root: __dirname,
  resolve: { alias: aliases },
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
