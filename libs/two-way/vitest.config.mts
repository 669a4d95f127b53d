import { defineConfig } from 'vitest/config';
import { aliases, testOptions } from '../../vitest.shared.mts';

export default defineConfig({
  root: __dirname,
  resolve: { alias: aliases },
  test: testOptions('two-way'),
});
