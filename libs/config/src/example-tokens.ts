/** The placeholder token shipped with the original Flask service; never accept it. */
export const PLACEHOLDER_TOKEN = 'SEU_TOKEN_SUPER_SECRETO_AQUI';

/**
 * Every token value the repository's own files show as an example (env examples, compose,
 * READMEs, docs), and the old placeholder. Anyone can read them, so the API refuses to start
 * with one. `example-tokens.spec.ts` scans those files and fails when an example is missing here.
 */
export const EXAMPLE_TOKENS: readonly string[] = [
  PLACEHOLDER_TOKEN,
  'change-me-to-a-long-random-secret',
  'my-secret',
  'YOUR_TOKEN',
];

/** Shortest SMS_API_TOKEN the API accepts. */
export const MIN_TOKEN_LENGTH = 16;

/** Shortest DASHBOARD_PASSWORD the API accepts. */
export const MIN_DASHBOARD_PASSWORD_LENGTH = 12;
