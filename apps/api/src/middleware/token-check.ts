import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares in constant time: both sides are hashed to the same length first, so neither
 * the length nor the content of the expected token leaks through timing.
 */
export function createTokenCheck(expected: string): (candidate: unknown) => boolean {
  const expectedDigest = digest(expected);
  return (candidate) => typeof candidate === 'string' && timingSafeEqual(digest(candidate), expectedDigest);
}

/** The token of a request: `Authorization: Bearer <token>` or the body's `token` field. */
export function requestTokens(req: IncomingMessage, body: Record<string, unknown>): unknown[] {
  const header = req.headers.authorization;
  const bearer = header && /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  return [bearer, body.token].filter((token) => token !== undefined && token !== '');
}
