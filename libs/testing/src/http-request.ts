import { request } from 'node:http';
import { connect } from 'node:net';

/** One HTTP exchange as a client saw it: a status and body, or the error that ended it. */
export interface HttpExchange {
  /** Set when a response (at least its status line) arrived. */
  readonly status?: number;
  readonly body: string;
  /** Set when no response arrived: ECONNREFUSED, ECONNRESET, a timeout… */
  readonly error?: string;
  readonly ms: number;
}

export interface HttpRequestOptions {
  readonly port: number;
  readonly host?: string;
  readonly method?: string;
  readonly path?: string;
  /**
   * Headers as pairs, sent exactly as listed, so that a name may repeat. Host and Content-Length
   * are added unless given; pass `['transfer-encoding', 'chunked']` to send the body chunked instead.
   */
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: string | Uint8Array;
  /** Gives up (error "timeout") when no complete answer came within this. @defaultValue 10000 */
  readonly timeoutMs?: number;
}

/**
 * A plain `node:http` request on a fresh connection (no agent, no keep-alive), that never throws:
 * whatever happens ends up in the result. The body is written as raw bytes.
 */
export function httpRequest({ port, host = '127.0.0.1', method = 'POST', path = '/', headers = [], body, timeoutMs = 10_000 }: HttpRequestOptions): Promise<HttpExchange> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    let status: number | undefined;
    const chunks: Buffer[] = [];
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      // A response that arrived counts even if the server then cut the upload short (e.g. 413).
      resolve(status === undefined ? { body: text, error: error ?? 'no response', ms: Date.now() - started } : { status, body: text, ms: Date.now() - started });
    };
    const timer = setTimeout(() => {
      finish('timeout');
      req?.destroy();
    }, timeoutMs);
    let req: ReturnType<typeof request> | undefined;
    try {
      // Given as an array, headers go out exactly as listed: Node adds neither Host nor Content-Length.
      const has = (pattern: RegExp) => headers.some(([name]) => pattern.test(name));
      const flat = headers.flatMap(([name, value]) => [name, value]);
      if (!has(/^host$/i)) flat.unshift('host', `${host}:${port}`);
      if (body !== undefined && !has(/^(content-length|transfer-encoding)$/i)) flat.push('content-length', String(Buffer.byteLength(body)));
      req = request({ host, port, method, path, headers: flat, agent: false });
    } catch (error) {
      finish(`request not sent: ${String(error)}`);
      return;
    }
    req.on('response', (response) => {
      status = response.statusCode;
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => finish());
      response.on('error', () => finish());
      response.on('close', () => finish());
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/**
 * Writes `bytes` as they are on a TCP connection (for requests `node:http` refuses to build:
 * bad request lines, control characters in headers, obsolete line folding) and reads until the
 * server closes, `idleMs` passes without more bytes after some came, or `timeoutMs` passes.
 * `status` is parsed from the first response line. The connection is not half-closed after
 * writing (Node's HTTP server drops a request whose client half-closes before it is answered).
 */
export function rawHttpExchange({
  port,
  host = '127.0.0.1',
  bytes,
  timeoutMs = 5_000,
  idleMs = 300,
}: {
  port: number;
  host?: string;
  bytes: string | Uint8Array;
  timeoutMs?: number;
  idleMs?: number;
}): Promise<HttpExchange> {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect({ host, port });
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(idle);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const ms = Date.now() - started;
      resolve(match ? { status: Number(match[1]), body: text, ms } : { body: text, error: error ?? 'no response', ms });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    // A server that answers and keeps the connection open is done once the answer has come.
    let idle: NodeJS.Timeout | undefined;
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      clearTimeout(idle);
      idle = setTimeout(() => finish(), idleMs);
    });
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
  });
}
