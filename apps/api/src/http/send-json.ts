import type { ServerResponse } from 'node:http';

/**
 * Answers `body` as JSON with exactly the headers Express's `res.status(s).json(body)` sends
 * in this app (`Content-Type: application/json; charset=utf-8`, `Content-Length`; no ETag),
 * for handlers that run on the bare `node:http` request.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
