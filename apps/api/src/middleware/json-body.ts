import express, { type RequestHandler } from 'express';

/** Largest JSON body the legacy endpoint accepts; anything bigger gets 413. */
export const MAX_BODY_BYTES = 64 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Thrown for a body whose bytes are not valid UTF-8 (they would reach the phone garbled). */
class InvalidUtf8Error extends Error {
  override readonly name = 'InvalidUtf8Error';
  readonly status = 400;
  readonly type = 'encoding.invalid';
}

/**
 * Parses a JSON body, refusing bodies over `limit` and bytes that are not UTF-8. An empty
 * body stays undefined (body-parser would make it `{}`, which is not what was sent).
 * `anyContentType`: parse whatever the Content-Type says (the original Flask clients
 * sometimes omit it); otherwise only application/json bodies are parsed.
 */
export const jsonBody = ({ limit = MAX_BODY_BYTES, anyContentType = true } = {}): RequestHandler => {
  const parse = express.json({
    limit,
    strict: false,
    ...(anyContentType ? { type: () => true } : {}),
    verify: (_req, _res, buffer) => {
      try {
        strictUtf8.decode(buffer);
      } catch {
        throw new InvalidUtf8Error('body is not valid UTF-8');
      }
    },
  });
  return (req, res, next) =>
    parse(req, res, (error?: unknown) => {
      if (!error && req.headers['content-length'] === '0') req.body = undefined;
      next(error);
    });
};
