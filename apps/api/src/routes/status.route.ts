import type { RequestHandler } from 'express';

/** The original service's health check: 200 while the process is up. */
export const statusRoute = (): RequestHandler => (_req, res) => {
  res.json({ status: 'online' });
};
