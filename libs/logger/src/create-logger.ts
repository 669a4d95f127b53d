import winston from 'winston';

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
}

const SECRET_KEYS = new Set(['token', 'authorization', 'password', 'SMS_API_TOKEN']);

/** Drops any field that could carry a secret, whoever passed it by mistake. */
const redactSecrets = winston.format((info) => {
  for (const key of Object.keys(info)) if (SECRET_KEYS.has(key)) delete info[key];
  return info;
});

const pretty = winston.format.printf(({ level, message, timestamp, service, ...rest }) => {
  const fields = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${String(timestamp)} ${String(service)} ${level} ${String(message)}${fields ? ` ${fields}` : ''}`;
});

/** A winston logger writing to stdout; every lifecycle step is one structured line. */
export function createLogger({ service, level = 'info', format = 'json', defaultMeta = {}, stream }: LoggerOptions): Logger {
  return winston.createLogger({
    level,
    defaultMeta: { service, ...defaultMeta },
    format: winston.format.combine(
      redactSecrets(),
      winston.format.timestamp(),
      winston.format.errors({ stack: false }),
      format === 'pretty' ? winston.format.combine(winston.format.colorize(), pretty) : winston.format.json(),
    ),
    transports: [stream ? new winston.transports.Stream({ stream }) : new winston.transports.Console()],
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
