import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Express } from 'express';
import type { Queue } from 'bullmq';
import type { DashboardConfig } from '@sms-gateway/config';
import type { FailedAuthGate } from '../security/failed-auth-gate';
import { basicAuth } from './basic-auth.middleware';

export const DASHBOARD_PATH = '/admin/queues';

export interface DashboardOptions extends DashboardConfig {
  readonly queues: readonly Queue[];
  readonly failedAuth: FailedAuthGate;
}

/**
 * Bull Board at /admin/queues behind HTTP Basic auth: the messages, and the webhook
 * deliveries (failed ones stay there, retryable). Treat dashboard access as Redis access:
 * it can retry, promote and delete messages — unless `readOnly`, when Bull Board itself
 * refuses every change (405) and hides the buttons.
 */
export function mountDashboard(app: Express, { queues, user, password, readOnly, failedAuth }: DashboardOptions) {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: readOnly })), serverAdapter });
  app.use(DASHBOARD_PATH, basicAuth({ user, password, failedAuth }), serverAdapter.getRouter());
}
