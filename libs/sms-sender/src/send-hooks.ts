import type { SendResult } from '@sms-gateway/gammu';
import type { ModemStatus } from './modem-status';
import type { ModemWatchdog } from './modem-watchdog';
import type { SendPacer } from './send-pacer';

/** What happens around each gammu send, beyond the send itself. */
export interface SendHooks {
  /** Before gammu runs: wait for this modem's turn (carrier limits). */
  beforeSend(): Promise<void>;
  /** After gammu ran: count it, feed the watchdog (which may reset the modem). */
  afterSend(result: SendResult, final: { failedForGood: boolean }): Promise<void>;
}

/** Pacing, watchdog and status reporting around sends, for one modem. */
export function createSendHooks(parts: { pacer: SendPacer; watchdog: ModemWatchdog; status: ModemStatus; signal?: AbortSignal }): SendHooks {
  const { pacer, watchdog, status } = parts;
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
      await watchdog.observe(result);
    },
  };
}
