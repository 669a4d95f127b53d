import type { SendResult } from '@sms-gateway/gammu';
import type { WorkerMetrics } from '@sms-gateway/metrics';
import type { ModemStatus } from './modem-status';
import type { ModemWatchdog } from './modem-watchdog';
import type { SendPacer } from './send-pacer';

/** What happens around each gammu send, beyond the send itself. */
export interface SendHooks {
  /** Before gammu runs: wait for this modem's turn (carrier limits). */
  beforeSend(): Promise<void>;
  /** After gammu ran: count it, feed the watchdog (which may reset the modem). */
  afterSend(result: SendResult, final: { failedForGood: boolean }): Promise<void>;
  /** A message reached its expiry unsent. */
  expired(): void;
}

/** The metric label of one send attempt's outcome. */
function outcomeOf(result: SendResult): 'sent' | 'network_error' | 'send_error' {
  return result.kind === 'sent' ? 'sent' : result.kind === 'networkError' ? 'network_error' : 'send_error';
}

/** Pacing, watchdog and status reporting around sends, for one modem. */
export function createSendHooks(parts: {
  pacer: SendPacer;
  watchdog: ModemWatchdog;
  status: ModemStatus;
  metrics?: WorkerMetrics;
  signal?: AbortSignal;
}): SendHooks {
  const { pacer, watchdog, status, metrics } = parts;
  return {
    async beforeSend() {
      await pacer.waitTurn(parts.signal);
      status.update({ state: 'sending' });
      pacer.recordSend();
    },
    async afterSend(result, { failedForGood }) {
      const now = new Date().toISOString();
      const current = status.current;
      status.update({
        state: 'idle',
        lastSendAt: now,
        lastSendOutcome: result.kind,
        sent: current.sent + (result.kind === 'sent' ? 1 : 0),
        failed: current.failed + (failedForGood ? 1 : 0),
        consecutiveNetworkRefusals: result.kind === 'networkError' ? current.consecutiveNetworkRefusals + 1 : 0,
      });
      if (metrics) {
        metrics.sends.inc({ outcome: outcomeOf(result) });
        if (failedForGood) metrics.sends.inc({ outcome: 'failed' });
        else if (result.kind !== 'sent') metrics.retries.inc({ code: result.kind === 'networkError' ? String(result.code) : result.kind });
        metrics.consecutiveNetworkRefusals.set(status.current.consecutiveNetworkRefusals);
      }
      await watchdog.observe(result);
    },
    expired() {
      metrics?.sends.inc({ outcome: 'expired' });
    },
  };
}
