import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Express } from 'express';
import type { SmsQueue } from '@sms-gateway/queues';
import { basicAuth } from './basic-auth.middleware';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues behind HTTP Basic auth. Treat dashboard access as Redis
 * access: it can retry, promote and delete messages.
 */
export function mountDashboard(app: Express, options: { queue: SmsQueue; credentials: { user: string; password: string } }) {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({ queues: [new BullMQAdapter(options.queue)], serverAdapter });
  app.use(DASHBOARD_PATH, basicAuth(options.credentials), serverAdapter.getRouter());
}
