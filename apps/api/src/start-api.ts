import type { AddressInfo } from 'node:net';
import { MIN_DASHBOARD_PASSWORD_LENGTH, type ApiConfig } from '@sms-gateway/config';
import type { Logger } from '@sms-gateway/logger';
import { installGracefulShutdown } from '@sms-gateway/runtime';
import { createApiServer } from './create-api-server';
import { DASHBOARD_PATH } from './dashboard/mount-dashboard';

/** Starts the HTTP API in this process and stops it cleanly on SIGTERM/SIGINT. */
export async function startApi(config: ApiConfig, logger: Logger): Promise<void> {
  const api = await createApiServer(config, logger);
  installGracefulShutdown({ logger, timeoutMs: config.shutdownTimeoutMs, stop: () => api.close() });
  const { port } = api.server.address() as AddressInfo;
  // Logged once listening (before 'started'), so that a process that cannot start says only why, in one line.
  if (!config.dashboard) logger.info(`dashboard off: set DASHBOARD_PASSWORD (${MIN_DASHBOARD_PASSWORD_LENGTH}+ characters, not the API token) to open it at ${DASHBOARD_PATH}`, { event: 'dashboard_off' });
  logger.info('api listening', {
    event: 'started',
    url: `http://${config.host}:${port}`,
    ...(config.dashboard ? { dashboard: `http://${config.host}:${port}/admin/queues` } : {}),
    queuePrefix: config.queuePrefix,
  });
}
