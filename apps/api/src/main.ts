import { loadApiConfig } from '@sms-gateway/config';
import { createLogger } from '@sms-gateway/logger';
import { loadConfigOrExit } from '@sms-gateway/runtime';
import { startApi } from './start-api';

const config = loadConfigOrExit('api', () => loadApiConfig());
// A line per accepted SMS: written once per event-loop turn, not one system call each (docs/BENCHMARKS.md).
const logger = createLogger({ service: 'api', level: config.log.level, format: config.log.format, batchStdout: true });

startApi(config, logger).catch((error: unknown) => {
  process.stderr.write(`api: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
