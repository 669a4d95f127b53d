import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Express } from 'express';
import type { Queue } from 'bullmq';
import { basicAuth } from './basic-auth.middleware';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues behind HTTP Basic auth: the messages, and the webhook
 * deliveries (failed ones stay there, retryable). Treat dashboard access as Redis access:
 * it can retry, promote and delete messages.
 */
export function mountDashboard(app: Express, options: { queues: readonly Queue[]; credentials: { user: string; password: string } }) {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({ queues: options.queues.map((queue) => new BullMQAdapter(queue)), serverAdapter });
  app.use(DASHBOARD_PATH, basicAuth(options.credentials), serverAdapter.getRouter());
}
