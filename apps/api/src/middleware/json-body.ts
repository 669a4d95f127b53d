import type { Request, RequestHandler } from 'express';

/** Largest JSON body the legacy endpoint accepts; anything bigger gets 413. */
export const MAX_BODY_BYTES = 64 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** A body problem, typed like body-parser's errors so the error handlers map it to 4xx. */
class BodyError extends Error {
  override readonly name = 'BodyError';

  constructor(
    readonly status: 400 | 413 | 415,
    readonly type: 'entity.too.large' | 'entity.parse.failed' | 'encoding.invalid' | 'encoding.unsupported' | 'charset.unsupported' | 'request.aborted',
  ) {
    super(type);
  }
}

const hasBody = (req: Request) => req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';

/**
 * Reads a JSON body: any JSON value, at most `limit` bytes (413), strictly UTF-8 (bytes that
 * are not would reach the phone garbled: 400), not compressed (415). An empty body stays
 * undefined. `anyContentType`: parse whatever the Content-Type says (the original Flask
 * clients sometimes omit it); otherwise only application/json bodies are read.
 * Written out rather than body-parser: it runs for every SMS and is benchmarked.
 */
export const jsonBody =
  ({ limit = MAX_BODY_BYTES, anyContentType = true } = {}): RequestHandler =>
  (req, _res, next) => {
    if (!anyContentType && !req.is('application/json')) return next();
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return next(new BodyError(415, 'encoding.unsupported'));
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return next(new BodyError(415, 'charset.unsupported'));
    if (Number(req.headers['content-length']) > limit) return next(new BodyError(413, 'entity.too.large'));
    if (!hasBody(req)) return next();

    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (error?: BodyError) => {
      if (done) return;
      done = true;
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('aborted', onAbort);
      if (error) {
        req.resume(); // let the rest drain; the answer is already decided
        return next(error);
      }
      next();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) return finish(new BodyError(413, 'entity.too.large'));
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (received === 0) return finish();
      let text: string;
      try {
        text = strictUtf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
      } catch {
        return finish(new BodyError(400, 'encoding.invalid'));
      }
      try {
        req.body = JSON.parse(text);
      } catch {
        return finish(new BodyError(400, 'entity.parse.failed'));
      }
      finish();
    };
    const onAbort = () => finish(new BodyError(400, 'request.aborted'));
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('aborted', onAbort);
  };
