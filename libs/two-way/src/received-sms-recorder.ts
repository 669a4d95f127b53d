import { maskPhoneNumber, type InboundMessage, type WebhookJobData } from '@sms-gateway/contracts';
import type { Logger } from '@sms-gateway/logger';
import type { WorkerMetrics } from '@sms-gateway/metrics';
import { keywordAction, type Keywords } from './keyword-action';
import type { TwoWayStores } from './two-way-stores';

/** A received SMS as read (and, for a long one, joined), before it is stored. */
export interface ReceivedSms {
  readonly id: string;
  readonly from: string;
  readonly text: string;
  /** The network's time of it, when gammu printed one. */
  readonly sentAt?: string;
  readonly parts: number;
  readonly complete: boolean;
}

export interface ReceivedSmsRecorderOptions {
  readonly modemId: string;
  readonly stores: TwoWayStores;
  readonly keywords: Keywords;
  readonly logger: Logger;
  readonly notify: (event: WebhookJobData) => Promise<void>;
  readonly metrics?: Pick<WorkerMetrics, 'inboundMessages' | 'keywordActions'>;
}

/**
 * Stores a received SMS once: applies its opt-out / opt-in keyword, links it to the message it
 * answers, stores it, and queues `message.received` (again, harmlessly, for one read twice).
 */
export class ReceivedSmsRecorder {
  constructor(private readonly options: ReceivedSmsRecorderOptions) {}

  /** True when this call stored it (false: it was stored before, e.g. read again after a crash). */
  async record(received: ReceivedSms, now: number): Promise<boolean> {
    const { inbound, deliveries } = this.options.stores;
    let message = await inbound.get(received.id);
    let isNew = false;
    if (!message) {
      // The keyword acts before the SMS is stored: after a crash in between it acts again (the
      // same action, harmless), whereas an SMS stored already never acts twice.
      if (received.complete) await this.applyKeyword(received, now);
      const candidate: InboundMessage = {
        id: received.id,
        from: received.from,
        text: received.text,
        receivedAt: received.sentAt ?? new Date(now).toISOString(),
        storedAt: new Date(now).toISOString(),
        modemId: this.options.modemId,
        parts: received.parts,
        complete: received.complete,
        inReplyTo: (await deliveries.latestSendTo(received.from, now)) ?? null,
      };
      const saved = await inbound.save(candidate);
      message = saved.message;
      isNew = saved.stored;
    }
    this.options.metrics?.inboundMessages.inc({ outcome: isNew ? (message.complete ? 'stored' : 'stored_incomplete') : 'duplicate' });
    this.options.logger.info(isNew ? 'received an SMS' : 'received SMS read again; it was stored already', {
      event: isNew ? 'sms_received' : 'sms_received_again',
      inboundId: message.id,
      from: maskPhoneNumber(message.from),
      parts: message.parts,
      complete: message.complete,
      ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
    });
    await this.options.notify({
      event: 'message.received',
      messageId: message.id,
      occurredAt: message.storedAt,
      modemId: message.modemId,
      attempts: 1,
      inbound: message,
    });
    return isNew;
  }

  private async applyKeyword(received: ReceivedSms, now: number): Promise<void> {
    const action = keywordAction(received.text, this.options.keywords);
    if (!action) return;
    const { optOuts } = this.options.stores;
    if (action === 'opt-out') await optOuts.optOut(received.from, 'keyword', new Date(now));
    else await optOuts.optIn(received.from);
    this.options.metrics?.keywordActions.inc({ action: action === 'opt-out' ? 'opt_out' : 'opt_in' });
    this.options.logger.info(action === 'opt-out' ? 'a number opted out by SMS' : 'a number opted back in by SMS', {
      event: action === 'opt-out' ? 'opted_out' : 'opted_in',
      from: maskPhoneNumber(received.from),
    });
  }
}
