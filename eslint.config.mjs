// Lint rules, and the module boundaries that keep the architecture's arrows pointing one way:
// apps → feature libs → util libs, never back. (The @nx/enforce-module-boundaries rule would
// need @nx/eslint-plugin, which stops at 23.2.1 and would install a second copy of nx.)
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const lib = (name) => `@sms-gateway/${name}`;
const forbid = (names, why) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['**/apps/**', '../../*/src/**'], message: 'import another project through its @sms-gateway/* entry point' },
        ...(names.length ? [{ group: names.map(lib), message: why }] : []),
      ],
    },
  ],
});

/** Production sources of a project get `names` forbidden; its tests may use the test kit. */
const boundary = (root, names, why) => [
  { files: [`${root}/**/*.ts`], rules: forbid([], '') },
  { files: [`${root}/src/**/*.ts`], ignores: ['**/*.spec.ts'], rules: forbid(names, why) },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/.data/**', '**/*.mjs', '**/*.mts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  ...boundary('libs/contracts', ['*'], 'contracts is the bottom layer: it imports no other project'),
  ...boundary('libs/config', ['*'], 'util libraries import no other project'),
  ...boundary('libs/logger', ['*'], 'util libraries import no other project'),
  ...boundary('libs/metrics', ['config', 'gammu', 'logger', 'queues', 'runtime', 'sms-sender', 'testing', 'webhooks'], 'metrics is a util library: it may import contracts only'),
  ...boundary('libs/gammu', ['queues', 'sms-sender', 'config', 'runtime', 'testing'], 'gammu knows nothing of queues or configuration'),
  ...boundary('libs/queues', ['gammu', 'sms-sender', 'runtime', 'testing'], 'queues does not drive the modem'),
  ...boundary('libs/sms-sender', ['runtime', 'config', 'testing'], 'sms-sender gets its settings injected'),
  ...boundary('libs/webhooks', ['gammu', 'sms-sender', 'runtime', 'testing'], 'webhooks delivers outcomes; it never drives the modem'),
  ...boundary('libs/two-way', ['sms-sender', 'runtime', 'config', 'testing'], 'two-way gets its settings injected and never sends'),
  ...boundary('libs/runtime', ['gammu', 'queues', 'sms-sender', 'testing'], 'runtime only knows config and logger'),
  ...boundary('apps/api', ['gammu', 'sms-sender', 'testing'], 'the API never touches the modem'),
  ...boundary('apps/worker', ['testing'], 'the test kit is for tests only'),
  ...boundary('libs/testing', [], ''),
  ...boundary('deploy', [], ''),
  ...boundary('e2e', [], ''),
  { files: ['**/*.spec.ts', '**/test/**/*.ts', 'libs/testing/**/*.ts', 'tools/**/*.ts', 'bench/**/*.ts'], rules: { 'no-console': 'off' } },
);
