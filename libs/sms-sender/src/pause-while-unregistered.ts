import type { NetworkStatus } from '@sms-gateway/gammu';
import type { Logger } from '@sms-gateway/logger';
import type { Modem } from './modem';

/** The two worker controls this needs (BullMQ's Worker has both). */
export interface PausableWorker {
  pause(doNotWaitActive?: boolean): Promise<void>;
  resume(): void | Promise<void>;
}

/**
 * Whenever the modem answers "not registered", this worker stops taking messages until it is
 * registered again, polling `networkinfo` every READINESS_POLL_MS meanwhile. Other workers keep
 * taking messages from the queue. Answers while already waiting are ignored; `signal` ends the
 * wait (shutdown).
 */
export function pauseWhileUnregistered(deps: {
  readonly worker: PausableWorker;
  readonly modem: Pick<Modem, 'onUnregistered' | 'waitUntilRegistered'>;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}): void {
  let waiting = false;
  deps.modem.onUnregistered((network) => {
    if (waiting || deps.signal.aborted) return;
    waiting = true;
    void (async () => {
      await deps.worker.pause(true);
      deps.logger.warn('modem not registered; not taking messages until it is', { event: 'waiting_network', networkState: network.state });
      const registered = await deps.modem.waitUntilRegistered(deps.signal, (status: NetworkStatus) =>
        deps.logger.debug('still not registered', { event: 'waiting_network', networkState: status.state }),
      );
      waiting = false;
      if (!registered) return;
      deps.logger.info('network ok; taking messages again', { event: 'network_ok', networkState: registered.state });
      await deps.worker.resume();
    })().catch((error: unknown) => {
      waiting = false;
      deps.logger.error('network wait failed; taking messages again', { event: 'waiting_network', error: String(error) });
      void deps.worker.resume();
    });
  });
}
