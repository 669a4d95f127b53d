import type { Redis } from 'ioredis';
import { isMessageProgress, type MessageProgress, type SendSmsJobData, type WebhookJobData } from '@sms-gateway/contracts';
import type { Logger } from '@sms-gateway/logger';
import { EXPIRE_MESSAGE_LUA, type ExpireMessageAnswer } from './expire-message.script';
import { MessageExpiredError } from './message-expired.error';
import { messageIndexKeys } from './message-index';
import type { SmsQueue } from './sms-queue';

/** How often each API process looks for messages past their expiry. */
export const EXPIRY_CHECK_INTERVAL_MS = 1_000;
/** A message that could not be ended yet (a worker holds it) is looked at again after this. */
export const EXPIRY_RECHECK_MS = 5_000;
/** Messages ended per round, at most (the rest follow on the next rounds). */
const BATCH = 100;

/**
 * Where a worker records what a run that reached gammu came to (libs/sms-sender's SendJournal):
 * such a message is the worker's to finish, never the enforcer's.
 */
export const sendRecordKey = (prefix: string, jobId: string) => `${prefix}:send-record:${jobId}`;

export interface ExpiryEnforcerDeps {
  readonly queue: SmsQueue;
  /** The queue's connection. */
  readonly redis: Redis;
  readonly logger: Pick<Logger, 'debug' | 'info' | 'warn'>;
  /** Queues the `message.expired` webhook (it decides whether one is configured). */
  readonly notify: (event: WebhookJobData) => Promise<void>;
  readonly intervalMs?: number;
  readonly now?: () => number;
}

type ExpireCommand = (...args: (string | number)[]) => Promise<ExpireMessageAnswer>;

/**
 * Ends messages as `expired` when their `expiresAt` passes while no worker holds them, whether
 * or not any modem is registered or any worker runs, and queues their `message.expired`
 * webhook. Every API replica may run one: each message is ended by one atomic script, so exactly
 * once, and never while a worker holds it (the worker then decides, and a send in flight wins).
 * The webhook is noted in the same script and queued under a fixed job id afterwards, so a crash
 * in between delays it to the next round instead of losing it, and a repeat is a no-op.
 */
export class ExpiryEnforcer {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;
  private readonly prefix: string;
  private readonly keys: ReturnType<typeof messageIndexKeys>;
  private readonly now: () => number;

  constructor(private readonly deps: ExpiryEnforcerDeps) {
    this.prefix = deps.queue.opts.prefix ?? 'bull';
    this.keys = messageIndexKeys(this.prefix);
    this.now = deps.now ?? Date.now;
    if (!('smsGatewayExpireMessage' in deps.redis)) {
      deps.redis.defineCommand('smsGatewayExpireMessage', { numberOfKeys: 12, lua: EXPIRE_MESSAGE_LUA });
    }
  }

  /** Runs a round now and then every interval until `stop()`. */
  start(): void {
    const loop = () => {
      this.round = this.runOnce()
        .then(
          () => undefined,
          (error: unknown) => void this.deps.logger.debug('expiry round failed', { event: 'expiry_check_failed', error: String(error) }),
        )
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.deps.intervalMs ?? EXPIRY_CHECK_INTERVAL_MS).unref();
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** One round: ends every message due (up to a batch), then queues the pending webhooks. Returns how many it ended. */
  async runOnce(): Promise<number> {
    // Not connected (yet, or any more): nothing to do this round; waiting here would hold up stop().
    if (this.deps.redis.status !== 'ready') return 0;
    const now = this.now();
    const due = await this.deps.redis.zrangebyscore(this.keys.expiries, '-inf', now, 'LIMIT', 0, BATCH);
    const answers = await Promise.all(due.map((id) => this.expire(id, now)));
    await this.queueWebhooks();
    return answers.filter((answer) => answer === 'expired').length;
  }

  private async expire(id: string, now: number): Promise<ExpireMessageAnswer> {
    const { queue, redis } = this.deps;
    const jobKey = queue.toKey(id);
    const [rawData, rawProgress] = await redis.hmget(jobKey, 'data', 'progress');
    const data = rawData ? (JSON.parse(rawData) as SendSmsJobData) : undefined;
    const progress = parseProgress(rawProgress);
    if (data?.expiresAt && now < Date.parse(data.expiresAt)) {
      await redis.zadd(this.keys.expiries, Date.parse(data.expiresAt), id); // its entry was early: put it right
      return 'changed';
    }
    if (progress?.state === 'sending') {
      // A run reached gammu and its outcome is not recorded yet: that outcome decides.
      await redis.zadd(this.keys.expiries, now + EXPIRY_RECHECK_MS, id);
      return 'active';
    }
    const reason = new MessageExpiredError(data?.expiresAt ?? '').message;
    const ended: MessageProgress = {
      state: 'expired',
      ...(progress?.modemId ? { modemId: progress.modemId } : {}),
      lastError: { kind: 'expired', text: reason },
      transitions: { ...progress?.transitions, expired: new Date(now).toISOString() },
    };
    const k = queue.keys;
    const command = (redis as unknown as Record<'smsGatewayExpireMessage', ExpireCommand>).smsGatewayExpireMessage;
    const answer = await command.call(
      redis,
      jobKey, k.wait ?? '', k.paused ?? '', k.delayed ?? '', k.prioritized ?? '', k.active ?? '', k.completed ?? '', k.failed ?? '', k.events ?? '',
      this.keys.expiries, this.keys.expiredNotices, sendRecordKey(this.prefix, id),
      id, now, rawProgress ?? '', JSON.stringify(ended), reason, EXPIRY_RECHECK_MS,
    );
    if (answer === 'expired') this.deps.logger.warn('expired unsent', { event: 'expired', outcome: 'expired', messageId: id, expiresAt: data?.expiresAt });
    return answer;
  }

  /** Queues the `message.expired` webhook of every message this (or another) enforcer ended. */
  private async queueWebhooks(): Promise<void> {
    const { queue, redis } = this.deps;
    const ids = await redis.srandmember(this.keys.expiredNotices, BATCH);
    for (const id of ids) {
      const job = await queue.getJob(id);
      if (job) await this.deps.notify(expiredEvent(id, job.data, job.progress, job.attemptsMade, job.finishedOn ?? this.now(), job.failedReason));
      await redis.srem(this.keys.expiredNotices, id);
    }
  }
}

function parseProgress(raw: string | null): MessageProgress | undefined {
  if (!raw) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return isMessageProgress(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The webhook of a message the enforcer ended: the same shape the worker queues. */
function expiredEvent(id: string, data: SendSmsJobData, progress: unknown, attempts: number, finishedOn: number, reason: string): WebhookJobData {
  const modemId = isMessageProgress(progress) ? progress.modemId : undefined;
  return {
    event: 'message.expired',
    messageId: id,
    occurredAt: new Date(finishedOn).toISOString(),
    attempts,
    error: { kind: 'expired', text: reason },
    ...(modemId ? { modemId } : {}),
    ...(data.callbackUrl ? { callbackUrl: data.callbackUrl } : {}),
    ...(data.reference ? { reference: data.reference } : {}),
  };
}
