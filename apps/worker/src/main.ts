import { loadWorkerConfig } from '@sms-gateway/config';
import { createLogger } from '@sms-gateway/logger';
import { loadConfigOrExit } from '@sms-gateway/runtime';
import { startWorker } from './start-worker';

const config = loadConfigOrExit('worker', () => loadWorkerConfig());
const logger = createLogger({
  service: 'worker',
  level: config.log.level,
  format: config.log.format,
  defaultMeta: { modemId: config.modemId },
});

startWorker(config, logger).catch((error: unknown) => {
  process.stderr.write(`worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
