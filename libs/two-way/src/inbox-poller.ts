import type { Redis } from 'ioredis';
import type { WebhookJobData } from '@sms-gateway/contracts';
import type { DeleteResult, StoredMessage, StoredMessagesListing } from '@sms-gateway/gammu';
import type { Logger } from '@sms-gateway/logger';
import type { WorkerMetrics } from '@sms-gateway/metrics';
import { DeliveryReportRecorder } from './delivery-report-recorder';
import { singleInboundId } from './inbound-id';
import { LongSmsAssembler } from './long-sms-assembler';
import { ReceivedSmsRecorder } from './received-sms-recorder';
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
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly received: ReceivedSmsRecorder;
  private readonly reports: DeliveryReportRecorder;
  private readonly longSms: LongSmsAssembler;
  /** Entries left alone that were already logged, so a poll every 15 s does not repeat them. */
  private reported = new Set<string>();
  private lastProblem: string | undefined;

  constructor(private readonly options: InboxPollerOptions) {
    const { modemId, stores, settings, notify, metrics } = options;
    this.now = options.now ?? Date.now;
    this.log = options.logger.child({ modemId });
    this.received = new ReceivedSmsRecorder({
      modemId,
      stores,
      keywords: { optOut: settings.optOutKeywords, optIn: settings.optInKeywords },
      logger: this.log,
      notify,
      ...(metrics ? { metrics } : {}),
    });
    this.reports = new DeliveryReportRecorder({ modemId, deliveries: stores.deliveries, logger: this.log, notify, ...(metrics ? { metrics } : {}) });
    this.longSms = new LongSmsAssembler({
      redis: options.redis,
      prefix: options.prefix,
      modemId,
      waitMs: settings.inboundPartWaitMs,
      logger: this.log,
      store: (sms) => this.received.record(sms, this.now()),
    });
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
      this.running = this.pollOnce().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(Math.max(0, this.options.settings.inboxPollMs - (this.now() - started)));
      });
    }, delayMs);
  }

  /** One read of the modem, everything it holds handled. Never rejects. */
  async pollOnce(): Promise<PollSummary> {
    const summary = { stored: 0, reports: 0, deleted: 0, leftAlone: 0 };
    try {
      const listing = await this.options.modem.readStoredMessages();
      this.noteProblem(listing.problem);
      const seen = new Set<string>();
      for (const message of listing.messages) {
        if (this.stopped) break;
        await this.handle(message, summary, seen);
      }
      this.reported = new Set([...this.reported].filter((key) => seen.has(key)));
      if (!this.stopped) summary.stored += await this.longSms.storeReady(this.now());
    } catch (error) {
      this.log.warn('reading the modem’s messages failed; trying again at the next poll', { event: 'inbox_poll_failed', error: String(error) });
    }
    return summary;
  }

  private async handle(message: StoredMessage, summary: { stored: number; reports: number; deleted: number; leftAlone: number }, seen: Set<string>): Promise<void> {
    const now = this.now();
    if (message.kind === 'unknown') {
      summary.leftAlone += 1;
      this.leaveAlone(message, seen);
      return;
    }
    if (message.kind === 'statusReport') {
      await this.reports.record(message, now);
      summary.reports += 1;
    } else if (message.concatenation && message.concatenation.total > 1) {
      await this.longSms.keep(message, message.concatenation, now);
      this.options.metrics?.inboundMessages.inc({ outcome: 'part_waiting' });
    } else {
      const id = singleInboundId(this.options.modemId, message);
      const { from, text, sentAt } = message;
      if (await this.received.record({ id, from, text, ...(sentAt ? { sentAt } : {}), parts: 1, complete: true }, now)) summary.stored += 1;
    }
    // Only now, with what it held in Redis, is the entry deleted from the modem.
    if (await this.delete(message.location)) summary.deleted += 1;
  }

  private leaveAlone(message: Extract<StoredMessage, { kind: 'unknown' }>, seen: Set<string>): void {
    const key = `${message.location ?? '?'}:${message.reason}`;
    seen.add(key);
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.options.metrics?.inboundMessages.inc({ outcome: 'left_alone' });
    this.log.warn('an entry in the modem’s memory is not a received SMS or a delivery report; left alone', {
      event: 'inbox_entry_left_alone',
      location: message.location,
      reason: message.reason,
    });
  }

  private noteProblem(problem: string | undefined): void {
    if (problem === this.lastProblem) return;
    if (problem) this.log.warn('the modem’s message memory could not be read to the end', { event: 'inbox_incomplete', problem });
    else this.log.info('the modem’s message memory reads to the end again', { event: 'inbox_complete' });
    this.lastProblem = problem;
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
