import type { Redis } from 'ioredis';
import { maskPhoneNumber, type InboundMessage, type WebhookJobData } from '@sms-gateway/contracts';
import type { DeleteResult, StoredMessage, StoredMessagesListing } from '@sms-gateway/gammu';
import type { Logger } from '@sms-gateway/logger';
import type { WorkerMetrics } from '@sms-gateway/metrics';
import { joinedInboundId, singleInboundId } from './inbound-id';
import { joinParts, type PendingPart } from './join-parts';
import { keywordAction, type Keywords } from './keyword-action';
import { PendingParts, type PendingGroup } from './pending-parts';
import type { TwoWayStores } from './two-way-stores';

/** What the poller needs of the modem: the worker's one serialised GammuModem fits. */
export interface InboxModem {
  readStoredMessages(): Promise<StoredMessagesListing>;
  deleteMessage(folder: number, location: number): Promise<DeleteResult>;
}

/** The settings of the poller (`config.twoWay` fits). */
export interface InboxSettings {
  /** INBOX_POLL_MS; 0: the poller never runs. */
  readonly inboxPollMs: number;
  /** INBOUND_PART_WAIT_MS. */
  readonly inboundPartWaitMs: number;
  readonly optOutKeywords: readonly string[];
  readonly optInKeywords: readonly string[];
}

export interface InboxPollerOptions {
  readonly modem: InboxModem;
  readonly modemId: string;
  readonly redis: Redis;
  /** QUEUE_PREFIX. */
  readonly prefix: string;
  readonly stores: TwoWayStores;
  readonly settings: InboxSettings;
  readonly logger: Logger;
  /** Queues a webhook (`message.received`, `message.delivered`, `message.undelivered`). Must be idempotent per event. */
  readonly notify: (event: WebhookJobData) => Promise<void>;
  readonly metrics?: Pick<WorkerMetrics, 'inboundMessages' | 'deliveryReports' | 'keywordActions'>;
  /** @defaultValue Date.now */
  readonly now?: () => number;
}

/** What one poll did, for logs and tests. */
export interface PollSummary {
  readonly stored: number;
  readonly reports: number;
  readonly deleted: number;
  readonly leftAlone: number;
}

/** Gammu's folder number that takes the flat location `getallsms` prints. */
const FLAT_FOLDER = 0;

/**
 * Reads the modem's stored messages every INBOX_POLL_MS (through the same serialised modem as
 * the sends, so between them) and empties it: each received SMS is stored in Redis and only
 * then deleted from the modem; parts of a long SMS wait in Redis for the others; status reports
 * are recorded against their send, then deleted. Entries it cannot read are logged and left.
 * Nothing it meets makes it throw: a failed poll is logged and the next one tries again.
 */
export class InboxPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private readonly pending: PendingParts;
  private readonly keywords: Keywords;
  private readonly now: () => number;
  private readonly log: Logger;
  /** Entries left alone that were already logged, so a poll every 15 s does not repeat them. */
  private reported = new Set<string>();
  private lastProblem: string | undefined;

  constructor(private readonly options: InboxPollerOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.logger.child({ modemId: options.modemId });
    this.pending = new PendingParts(options.redis, options.prefix, options.modemId, options.settings.inboundPartWaitMs);
    this.keywords = { optOut: options.settings.optOutKeywords, optIn: options.settings.optInKeywords };
  }

  /** Polls now and then every INBOX_POLL_MS (measured start to start); nothing when it is 0. */
  start(): void {
    if (this.options.settings.inboxPollMs <= 0 || this.stopped || this.timer) return;
    this.schedule(0);
  }

  /** Stops polling; resolves once a poll in progress has ended (it issues no gammu command after this). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      const started = this.now();
      const poll = this.pollOnce().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(Math.max(0, this.options.settings.inboxPollMs - (this.now() - started)));
      });
      this.running = poll;
    }, delayMs);
  }

  /** One read of the modem, everything it holds handled. Never rejects. */
  async pollOnce(): Promise<PollSummary> {
    const summary = { stored: 0, reports: 0, deleted: 0, leftAlone: 0 };
    try {
      const listing = await this.options.modem.readStoredMessages();
      this.noteProblem(listing);
      const seen = new Set<string>();
      for (const message of listing.messages) {
        if (this.stopped) break;
        await this.handle(message, summary, seen);
      }
      this.reported = new Set([...this.reported].filter((key) => seen.has(key)));
      if (!this.stopped) summary.stored += await this.storeWaitingGroups();
    } catch (error) {
      this.log.warn('reading the modem’s messages failed; trying again at the next poll', { event: 'inbox_poll_failed', error: String(error) });
    }
    return summary;
  }

  private noteProblem(listing: StoredMessagesListing): void {
    if (listing.problem !== this.lastProblem) {
      if (listing.problem) this.log.warn('the modem’s message memory could not be read to the end', { event: 'inbox_incomplete', problem: listing.problem });
      else if (this.lastProblem) this.log.info('the modem’s message memory reads to the end again', { event: 'inbox_complete' });
      this.lastProblem = listing.problem;
    }
  }

  private async handle(message: StoredMessage, summary: { stored: number; reports: number; deleted: number; leftAlone: number }, seen: Set<string>): Promise<void> {
    if (message.kind === 'unknown') {
      summary.leftAlone += 1;
      const key = `${message.location ?? '?'}:${message.reason}`;
      seen.add(key);
      if (!this.reported.has(key)) {
        this.reported.add(key);
        this.options.metrics?.inboundMessages.inc({ outcome: 'left_alone' });
        this.log.warn('an entry in the modem’s memory is not a received SMS or a delivery report; left alone', {
          event: 'inbox_entry_left_alone',
          location: message.location,
          reason: message.reason,
        });
      }
      return;
    }
    if (message.kind === 'statusReport') {
      await this.recordReport(message);
      summary.reports += 1;
    } else if (message.concatenation && message.concatenation.total > 1) {
      await this.keepPart(message, message.concatenation);
    } else {
      const stored = await this.storeReceived({
        id: singleInboundId(this.options.modemId, message),
        from: message.from,
        text: message.text,
        sentAt: message.sentAt,
        parts: 1,
        complete: true,
      });
      if (stored) summary.stored += 1;
    }
    if (await this.delete(message.location)) summary.deleted += 1;
  }

  /** Stores a received SMS once (applying its keyword and linking its reply first), then queues its webhook. True when new. */
  private async storeReceived(received: { id: string; from: string; text: string; sentAt?: string; parts: number; complete: boolean }): Promise<boolean> {
    const { inbound, optOuts, deliveries } = this.options.stores;
    const now = this.now();
    let message = await inbound.get(received.id);
    let isNew = false;
    if (!message) {
      // The keyword acts before the SMS is stored: after a crash in between it acts again (the
      // same action, harmless), whereas an SMS stored already never acts twice.
      const action = received.complete ? keywordAction(received.text, this.keywords) : undefined;
      if (action === 'opt-out') await optOuts.optOut(received.from, 'keyword', new Date(now));
      if (action === 'opt-in') await optOuts.optIn(received.from);
      if (action) {
        this.options.metrics?.keywordActions.inc({ action: action === 'opt-out' ? 'opt_out' : 'opt_in' });
        this.log.info(action === 'opt-out' ? 'a number opted out by SMS' : 'a number opted back in by SMS', {
          event: action === 'opt-out' ? 'opted_out' : 'opted_in',
          from: maskPhoneNumber(received.from),
        });
      }
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
    this.log.info(isNew ? 'received an SMS' : 'received SMS read again; it was stored already', {
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

  private async keepPart(message: Extract<StoredMessage, { kind: 'received' }>, concatenation: { reference: number; part: number; total: number }): Promise<void> {
    const part: PendingPart = {
      from: message.from,
      reference: concatenation.reference,
      part: concatenation.part,
      total: concatenation.total,
      text: message.text,
      ...(message.sentAt ? { sentAt: message.sentAt } : {}),
    };
    let kept = await this.pending.add(part, this.now());
    if (kept === 'conflict') {
      // The sender's phone reused the concatenation id while the older message still waits:
      // store the older one as it is, then start the new one.
      const key = this.pending.groupKey(part);
      const older = (await this.pending.groups()).find((group) => group.key === key);
      if (older) await this.storeGroup(older);
      kept = await this.pending.add(part, this.now());
    }
    this.options.metrics?.inboundMessages.inc({ outcome: 'part_waiting' });
    this.log.debug('received part of a long SMS', { event: 'sms_part_received', from: maskPhoneNumber(part.from), part: part.part, total: part.total });
  }

  /** Stores each waiting message whose parts are all here, or whose wait is over. */
  private async storeWaitingGroups(): Promise<number> {
    let stored = 0;
    for (const group of await this.pending.groups()) {
      const complete = joinParts(group.parts, group.total).complete;
      if (complete || this.now() - group.firstSeenMs >= this.options.settings.inboundPartWaitMs) {
        if (await this.storeGroup(group)) stored += 1;
      }
    }
    return stored;
  }

  private async storeGroup(group: PendingGroup): Promise<boolean> {
    const first = group.parts[0]!;
    const joined = joinParts(group.parts, group.total);
    if (!joined.complete) {
      this.log.warn('parts of a long SMS never arrived; storing what did', {
        event: 'sms_incomplete',
        from: maskPhoneNumber(first.from),
        parts: joined.parts,
        total: group.total,
      });
    }
    const stored = await this.storeReceived({
      id: joinedInboundId(this.options.modemId, { from: first.from, reference: first.reference, total: group.total }, group.parts),
      from: first.from,
      text: joined.text,
      sentAt: joined.sentAt,
      parts: joined.parts,
      complete: joined.complete,
    });
    await this.pending.remove(group.key);
    return stored;
  }

  private async recordReport(report: Extract<StoredMessage, { kind: 'statusReport' }>): Promise<void> {
    const { deliveries } = this.options.stores;
    const now = this.now();
    const match = await deliveries.match({ number: report.recipient, reference: report.reference }, now);
    if (!match) {
      this.options.metrics?.deliveryReports.inc({ outcome: 'unmatched' });
      this.log.info('a delivery report matches no message sent in the window; deleting it', {
        event: 'delivery_report_unmatched',
        to: maskPhoneNumber(report.recipient),
        reference: report.reference,
        status: report.status,
      });
      return;
    }
    const { delivery, final } = await deliveries.recordReport(match, { outcome: report.status, at: new Date(now).toISOString(), detail: report.detail });
    this.options.metrics?.deliveryReports.inc({ outcome: report.status });
    this.log.info('delivery report', {
      event: 'delivery_report',
      messageId: match.messageId,
      part: match.part + 1,
      report: report.status,
      delivery: delivery.status,
      detail: delivery.detail,
    });
    if (!final) return;
    const sent = await deliveries.sendInfo(match.messageId);
    await this.options.notify({
      event: delivery.status === 'delivered' ? 'message.delivered' : 'message.undelivered',
      messageId: match.messageId,
      occurredAt: delivery.at,
      modemId: sent?.modemId ?? this.options.modemId,
      attempts: sent?.attempts ?? 1,
      delivery,
      ...(sent?.callbackUrl ? { callbackUrl: sent.callbackUrl } : {}),
      ...(sent?.reference ? { reference: sent.reference } : {}),
      ...(sent ? { messageReferences: sent.references } : {}),
    });
  }

  private async delete(location: number): Promise<boolean> {
    const result = await this.options.modem.deleteMessage(FLAT_FOLDER, location);
    if (result.kind === 'deleted') return true;
    this.log.warn('could not delete a message from the modem after storing it; it is read again (and stored once) next time', {
      event: 'inbox_delete_failed',
      location,
      detail: result.detail,
    });
    return false;
  }
}
