import express, { type RequestHandler } from 'express';

/** Largest JSON body accepted; anything bigger gets 413. */
export const MAX_BODY_BYTES = 64 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Thrown for a body whose bytes are not valid UTF-8 (they would reach the phone garbled). */
class InvalidUtf8Error extends Error {
  override readonly name = 'InvalidUtf8Error';
  readonly status = 400;
  readonly type = 'encoding.invalid';
}

/**
 * Parses the body as JSON whatever its Content-Type (the original Flask clients sometimes
 * omit it), refusing bodies over 64 KB and bytes that are not UTF-8. An empty body stays undefined.
 */
export const jsonBody = (): RequestHandler => {
  const parse = express.json({
    limit: MAX_BODY_BYTES,
    type: () => true,
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
      // body-parser turns an empty body into {}; an empty body is not a JSON object.
      if (!error && req.headers['content-length'] === '0') req.body = undefined;
      next(error);
    });
};
