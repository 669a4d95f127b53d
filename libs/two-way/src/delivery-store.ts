import type { Redis } from 'ioredis';
import type { MessageDelivery } from '@sms-gateway/contracts';
import { deliveryOf, type PartReport } from './delivery-outcome';
import { numberTail, sameRecipient } from './same-recipient';
import { twoWayKeys } from './two-way-keys';

export interface DeliveryStoreOptions {
  readonly redis: Redis;
  /** QUEUE_PREFIX. */
  readonly prefix: string;
  /** DELIVERY_REPORT_WINDOW_MS: how long after a send its report is still matched. */
  readonly windowMs: number;
  /** REPLY_WINDOW_MS: how long after a send a received SMS is linked to it. */
  readonly replyWindowMs: number;
  /** MESSAGE_RETENTION_DAYS: how long a message's delivery stays readable. */
  readonly retentionDays: number;
  /** PHONE_DEFAULT_REGION. */
  readonly region?: string;
}

/** A send that succeeded, as the send processor records it. */
export interface SendRecord {
  readonly messageId: string;
  /** The recipient exactly as sent. */
  readonly to: string;
  /** gammu's message reference of each part, in part order. */
  readonly references: readonly number[];
  readonly parts: number;
  readonly sentAt: Date | string;
  /** Where the message's webhooks go (its callbackUrl), so `message.delivered` goes there too. */
  readonly callbackUrl?: string;
  /** The client's own reference, echoed in the delivery webhooks. */
  readonly reference?: string;
  /** The modem that sent it. */
  readonly modemId?: string;
  /** Send attempts it took. @defaultValue 1 */
  readonly attempts?: number;
}

/** What the store keeps of a send, for the webhooks of its delivery. */
export interface SentMessageInfo {
  readonly messageId: string;
  readonly to: string;
  readonly references: readonly number[];
  readonly sentAt: string;
  readonly callbackUrl?: string;
  readonly reference?: string;
  readonly modemId?: string;
  readonly attempts: number;
}

/** A status report read from the modem. */
export interface ReportKey {
  /** The report's `Remote number`: the recipient. */
  readonly number: string;
  /** The report's `Reference number`: what `sendsms` printed. */
  readonly reference: number;
}

/** The part of a sent message that a report is about. */
export interface ReportMatch {
  readonly messageId: string;
  /** 0-based part index. */
  readonly part: number;
}

const partField = (part: number) => `part:${part}`;

/**
 * The sent-message index and each message's delivery: which send a status report belongs to
 * (reference + number + time) and what the reports of its parts add up to.
 */
export class DeliveryStore {
  private readonly keys: ReturnType<typeof twoWayKeys>;
  private readonly indexMs: number;
  private readonly recordMs: number;

  constructor(private readonly options: DeliveryStoreOptions) {
    this.keys = twoWayKeys(options.prefix);
    this.indexMs = Math.max(options.windowMs, options.replyWindowMs);
    this.recordMs = Math.max(Math.round(options.retentionDays * 24 * 60 * 60 * 1000), options.windowMs);
  }

  /** Call once a send succeeded: its reports can then be matched and replies linked to it. */
  async recordSend({ messageId, to, references, parts, sentAt, callbackUrl, reference, modemId, attempts = 1 }: SendRecord): Promise<void> {
    const sentMs = typeof sentAt === 'string' ? Date.parse(sentAt) : sentAt.getTime();
    const index = this.keys.sentTo(numberTail(to));
    const key = this.keys.delivery(messageId);
    await this.options.redis
      .multi()
      .hset(key, {
        to,
        references: JSON.stringify(references),
        parts: String(references.length || parts),
        sentAt: new Date(sentMs).toISOString(),
        attempts: String(attempts),
        ...(callbackUrl ? { callbackUrl } : {}),
        ...(reference ? { reference } : {}),
        ...(modemId ? { modemId } : {}),
      })
      .pexpire(key, this.recordMs)
      .zadd(index, sentMs, messageId)
      .zremrangebyscore(index, '-inf', `(${Date.now() - this.indexMs}`)
      .pexpire(index, this.indexMs)
      .exec();
  }

  /**
   * The part a report is about: the latest send to that number with that reference within
   * DELIVERY_REPORT_WINDOW_MS. Where several parts of that send carry the reference (the dummy
   * driver numbers every part 255), the first part still without a report.
   */
  async match(report: ReportKey, now = Date.now()): Promise<ReportMatch | undefined> {
    const ids = await this.options.redis.zrevrangebyscore(this.keys.sentTo(numberTail(report.number)), '+inf', now - this.options.windowMs);
    for (const messageId of ids) {
      const fields = await this.options.redis.hgetall(this.keys.delivery(messageId));
      if (!fields.to || !fields.references || !sameRecipient(fields.to, report.number, this.options.region)) continue;
      const candidates = (JSON.parse(fields.references) as number[]).flatMap((reference, part) => (reference === report.reference ? [part] : []));
      if (candidates.length === 0) continue;
      const reported = (part: number) => fields[partField(part)] !== undefined;
      const delivered = (part: number) => reported(part) && (JSON.parse(fields[partField(part)]!) as PartReport).outcome === 'delivered';
      const part = candidates.find((index) => !reported(index)) ?? candidates.find((index) => !delivered(index)) ?? candidates[0]!;
      return { messageId, part };
    }
    return undefined;
  }

  /**
   * Records one part's report and returns the message's delivery. Once `delivered` or
   * `undelivered` it never changes again (`final` then says so).
   */
  async recordReport(match: ReportMatch, report: PartReport): Promise<{ delivery: MessageDelivery; final: boolean }> {
    const key = this.keys.delivery(match.messageId);
    const existing = await this.options.redis.hget(key, 'final');
    if (existing) return { delivery: JSON.parse(existing) as MessageDelivery, final: true };
    await this.options.redis.hset(key, partField(match.part), JSON.stringify(report));
    const delivery = (await this.current(match.messageId)) ?? { status: 'pending', at: report.at, detail: report.detail };
    if (delivery.status === 'pending') return { delivery, final: false };
    await this.options.redis.hsetnx(key, 'final', JSON.stringify(delivery));
    const final = await this.options.redis.hget(key, 'final');
    return { delivery: final ? (JSON.parse(final) as MessageDelivery) : delivery, final: true };
  }

  /** What was recorded of a send, or undefined when it is not tracked (or its record expired). */
  async sendInfo(messageId: string): Promise<SentMessageInfo | undefined> {
    const fields = await this.options.redis.hgetall(this.keys.delivery(messageId));
    if (!fields.to || !fields.references || !fields.sentAt) return undefined;
    return {
      messageId,
      to: fields.to,
      references: JSON.parse(fields.references) as number[],
      sentAt: fields.sentAt,
      attempts: Number(fields.attempts ?? 1),
      ...(fields.callbackUrl ? { callbackUrl: fields.callbackUrl } : {}),
      ...(fields.reference ? { reference: fields.reference } : {}),
      ...(fields.modemId ? { modemId: fields.modemId } : {}),
    };
  }

  /** A message's delivery, or undefined while none of its parts has reported (or it is not tracked). */
  async get(messageId: string): Promise<MessageDelivery | undefined> {
    const final = await this.options.redis.hget(this.keys.delivery(messageId), 'final');
    return final ? (JSON.parse(final) as MessageDelivery) : this.current(messageId);
  }

  /** The latest message sent to this number within REPLY_WINDOW_MS before `now`: what a reply answers. */
  async latestSendTo(number: string, now = Date.now()): Promise<string | undefined> {
    const ids = await this.options.redis.zrevrangebyscore(this.keys.sentTo(numberTail(number)), now, now - this.options.replyWindowMs);
    for (const messageId of ids) {
      const to = await this.options.redis.hget(this.keys.delivery(messageId), 'to');
      if (to && sameRecipient(to, number, this.options.region)) return messageId;
    }
    return undefined;
  }

  private async current(messageId: string): Promise<MessageDelivery | undefined> {
    const fields = await this.options.redis.hgetall(this.keys.delivery(messageId));
    const count = Number(fields.parts ?? 0);
    if (!count) return undefined;
    const parts = Array.from({ length: count }, (_, part) => {
      const json = fields[partField(part)];
      return json ? (JSON.parse(json) as PartReport) : undefined;
    });
    return deliveryOf(parts);
  }
}
