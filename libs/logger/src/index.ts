export { createLogger, flushLogger, type Logger, type LoggerOptions } from './create-logger';
