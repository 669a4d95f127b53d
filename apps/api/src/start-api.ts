import type { AddressInfo } from 'node:net';
import type { ApiConfig } from '@sms-gateway/config';
import type { Logger } from '@sms-gateway/logger';
import { installGracefulShutdown } from '@sms-gateway/runtime';
import { createApiServer } from './create-api-server';

/** Starts the HTTP API in this process and stops it cleanly on SIGTERM/SIGINT. */
export async function startApi(config: ApiConfig, logger: Logger): Promise<void> {
  const api = await createApiServer(config, logger);
  installGracefulShutdown({ logger, timeoutMs: config.shutdownTimeoutMs, stop: () => api.close() });
  const { port } = api.server.address() as AddressInfo;
  logger.info('api listening', {
    event: 'started',
    url: `http://${config.host}:${port}`,
    ...(config.dashboard ? { dashboard: `http://${config.host}:${port}/admin/queues` } : {}),
    queuePrefix: config.queuePrefix,
  });
}
