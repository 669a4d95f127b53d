import type { Logger } from '@sms-gateway/logger';
import { flushLogger } from '@sms-gateway/logger';

export interface GracefulShutdownOptions {
  readonly logger: Logger;
  /** Upper bound for `stop`; past it the process exits anyway (still 0: it was asked to stop). */
  readonly timeoutMs: number;
  /** Stop taking work, finish or hand back what is held, close connections. */
  readonly stop: () => Promise<void>;
}

/**
 * The part of SHUTDOWN_TIMEOUT_MS kept for writing the last log lines and exiting, so that the
 * process is gone within the bound as its supervisor measures it, not a few milliseconds after.
 */
export const exitMarginMs = (timeoutMs: number): number => Math.min(500, Math.floor(timeoutMs / 10));

/** On SIGTERM or SIGINT: run `stop` once, bounded by `timeoutMs`, then exit 0 (within `timeoutMs`). */
export function installGracefulShutdown({ logger, timeoutMs, stop }: GracefulShutdownOptions): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // A repeated signal (npm and process managers often send two) must not cut the stop short:
    // the timeout already bounds it.
    if (stopping) return void logger.info('already stopping', { event: 'stopping', signal });
    stopping = true;
    logger.info('stopping', { event: 'stopping', signal });
    const deadline = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs - exitMarginMs(timeoutMs)).unref());
    Promise.race([stop().then(() => 'stopped' as const), deadline])
      .then(
        (outcome) =>
          outcome === 'timeout'
            ? logger.warn('stop took too long; exiting anyway', { event: 'stopped', timeoutMs })
            : logger.info('stopped', { event: 'stopped' }),
        (error: unknown) => logger.error('error while stopping', { event: 'stopped', error: String(error) }),
      )
      .finally(() => flushLogger(logger).finally(() => process.exit(0)));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
