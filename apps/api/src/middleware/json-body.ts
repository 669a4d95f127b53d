import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

/** Largest JSON body the legacy endpoint accepts; anything bigger gets 413. */
export const MAX_BODY_BYTES = 64 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** A body problem, typed like body-parser's errors so the error handlers map it to 4xx. */
export class BodyError extends Error {
  override readonly name = 'BodyError';

  constructor(
    readonly status: 400 | 413 | 415,
    readonly type: 'entity.too.large' | 'entity.parse.failed' | 'encoding.invalid' | 'encoding.unsupported' | 'charset.unsupported' | 'request.aborted',
  ) {
    super(type);
  }
}

export interface JsonBodyOptions {
  /** Most bytes accepted (413 beyond). */
  readonly limit?: number;
  /**
   * Parse whatever the Content-Type says (the original Flask clients sometimes omit it);
   * otherwise only application/json bodies are read.
   */
  readonly anyContentType?: boolean;
}

/** Called once: with the error, or with the parsed body (undefined when there is none). */
export type BodyCallback = (error: BodyError | undefined, body?: unknown) => void;

const hasBody = (req: IncomingMessage) => req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';

/**
 * Reads a JSON body: any JSON value, at most `limit` bytes (413), strictly UTF-8 (bytes that
 * are not would reach the phone garbled: 400), not compressed (415). An empty body stays
 * undefined. Written out rather than body-parser, and with a callback rather than a
 * promise: it runs for every SMS and is benchmarked.
 */
export function readJsonBody(req: IncomingMessage, { limit = MAX_BODY_BYTES }: JsonBodyOptions, done: BodyCallback): void {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return done(new BodyError(415, 'encoding.unsupported'));
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return done(new BodyError(415, 'charset.unsupported'));
  if (Number(req.headers['content-length']) > limit) return done(new BodyError(413, 'entity.too.large'));
  if (!hasBody(req)) return done(undefined);

  const chunks: Buffer[] = [];
  let received = 0;
  let finished = false;
  const finish = (error: BodyError | undefined, body?: unknown) => {
    if (finished) return;
    finished = true;
    req.off('data', onData).off('end', onEnd).off('error', onAbort).off('aborted', onAbort);
    if (error) req.resume(); // let the rest drain; the answer is already decided
    done(error, body);
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) return finish(new BodyError(413, 'entity.too.large'));
    chunks.push(chunk);
  };
  const onEnd = () => {
    if (received === 0) return finish(undefined);
    let text: string;
    try {
      text = strictUtf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
    } catch {
      return finish(new BodyError(400, 'encoding.invalid'));
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return finish(new BodyError(400, 'entity.parse.failed'));
    }
    finish(undefined, body);
  };
  const onAbort = () => finish(new BodyError(400, 'request.aborted'));
  req.on('data', onData).on('end', onEnd).on('error', onAbort).on('aborted', onAbort);
}

/** {@link readJsonBody} as Express middleware: the body lands in `req.body`, problems go to the error handler. */
export const jsonBody =
  ({ limit = MAX_BODY_BYTES, anyContentType = true }: JsonBodyOptions = {}): RequestHandler =>
  (req, _res, next) => {
    if (!anyContentType && !req.is('application/json')) return next();
    readJsonBody(req, { limit }, (error, body) => {
      if (error) return next(error);
      if (body !== undefined) req.body = body;
      next();
    });
  };
