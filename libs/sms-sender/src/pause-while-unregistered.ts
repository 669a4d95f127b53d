import type { NetworkStatus } from '@sms-gateway/gammu';
import type { Logger } from '@sms-gateway/logger';
import type { ReadinessGate } from './readiness-gate';

/** The two worker controls this needs (BullMQ's Worker has both). */
export interface PausableWorker {
  pause(doNotWaitActive?: boolean): Promise<void>;
  resume(): void | Promise<void>;
}

/**
 * Returns a trigger that stops this worker taking messages until its modem is registered
 * again, polling `networkinfo` meanwhile. Other workers keep taking messages from the queue.
 * Calls while already waiting are ignored; `signal` ends the wait (shutdown).
 */
export function pauseWhileUnregistered(deps: {
  readonly worker: PausableWorker;
  readonly gate: Pick<ReadinessGate, 'waitUntilRegistered'>;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}): (state: string) => void {
  let waiting = false;
  return (state) => {
    if (waiting || deps.signal.aborted) return;
    waiting = true;
    void (async () => {
      await deps.worker.pause(true);
      deps.logger.warn('modem not registered; not taking messages until it is', { event: 'waiting_network', networkState: state });
      const registered = await deps.gate.waitUntilRegistered(deps.signal, (status: NetworkStatus) =>
        deps.logger.debug('still not registered', { event: 'waiting_network', networkState: status.state }),
      );
      waiting = false;
      if (!registered) return;
      deps.logger.info('network ok; taking messages again', { event: 'network_ok', networkState: registered.state });
      await deps.worker.resume();
    })().catch((error: unknown) => {
      waiting = false;
      deps.logger.error('network wait failed; taking messages again', { error: String(error) });
      void deps.worker.resume();
    });
  };
}
