import winston from 'winston';
import { batchedStdout } from './turn-batched-stdout';

/** Where winston transports read the finished line (triple-beam's MESSAGE). */
const MESSAGE = Symbol.for('message');

export type Logger = winston.Logger;

export interface LoggerOptions {
  /** Which process logs: "api" or "worker". */
  readonly service: string;
  /** @defaultValue 'info' */
  readonly level?: string;
  /** One JSON object a line (default), or coloured lines for people. */
  readonly format?: 'json' | 'pretty';
  /** Fields on every line, e.g. the modem id. */
  readonly defaultMeta?: Record<string, unknown>;
  /** Where lines go. @defaultValue stdout */
  readonly stream?: NodeJS.WritableStream;
  /**
   * Write stdout's lines once per event-loop turn instead of one system call per line: for a
   * process that logs on its hot path (the API, a line per accepted SMS). A line then reaches
   * stdout up to one turn after what follows it (an answer, a Redis write), so a process
   * whose lines must precede its effects (the worker's lifecycle) keeps the default.
   */
  readonly batchStdout?: boolean;
}

const SECRET_KEYS = new Set(['token', 'authorization', 'password', 'SMS_API_TOKEN']);

/** Drops any field that could carry a secret, whoever passed it by mistake. */
const redactSecrets = winston.format((info) => {
  for (const key of Object.keys(info)) if (SECRET_KEYS.has(key)) delete info[key];
  return info;
});

/**
 * The JSON line in one pass (redact, timestamp, serialise) instead of winston's chain of
 * formats: every accepted SMS logs a line, so this is on the API's hot path.
 */
const jsonLine = winston.format((info) => {
  for (const key of SECRET_KEYS) delete info[key];
  info.timestamp = new Date().toISOString();
  if (info.message instanceof Error) info.message = info.message.message;
  try {
    info[MESSAGE] = JSON.stringify(info);
  } catch {
    info[MESSAGE] = JSON.stringify({ level: info.level, message: String(info.message), timestamp: info.timestamp, note: 'fields not serialisable' });
  }
  return info;
});

const pretty = winston.format.printf(({ level, message, timestamp, service, ...rest }) => {
  const fields = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${String(timestamp)} ${String(service)} ${level} ${String(message)}${fields ? ` ${fields}` : ''}`;
});

/** A winston logger writing to stdout; every lifecycle step is one structured line. */
export function createLogger({ service, level = 'info', format = 'json', defaultMeta = {}, stream, batchStdout = false }: LoggerOptions): Logger {
  const target = stream ?? (batchStdout ? batchedStdout() : undefined);
  return winston.createLogger({
    level,
    defaultMeta: { service, ...defaultMeta },
    format:
      format === 'pretty'
        ? winston.format.combine(redactSecrets(), winston.format.timestamp(), winston.format.colorize(), pretty)
        : jsonLine(),
    transports: [target ? new winston.transports.Stream({ stream: target }) : new winston.transports.Console()],
  });
}

/** Writes what is still buffered, so the last lines survive process.exit. */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    logger.once('finish', () => resolve());
    logger.end();
    setTimeout(resolve, 500).unref();
  });
}
