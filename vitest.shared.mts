import { fileURLToPath } from 'node:url';

// One alias table for every project's vitest config, mirroring tsconfig.base.json paths.
const lib = (name: string) => fileURLToPath(new URL(`./libs/${name}/src/index.ts`, import.meta.url));

export const aliases = {
  '@sms-gateway/config': lib('config'),
  '@sms-gateway/contracts': lib('contracts'),
  '@sms-gateway/gammu': lib('gammu'),
  '@sms-gateway/logger': lib('logger'),
  '@sms-gateway/queues': lib('queues'),
  '@sms-gateway/runtime': lib('runtime'),
  '@sms-gateway/sms-sender': lib('sms-sender'),
  '@sms-gateway/testing': lib('testing'),
};
