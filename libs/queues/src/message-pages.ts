import type { Job, JobState } from 'bullmq';
import type { Redis } from 'ioredis';
import type { MessageDelivery, SendSmsJobData } from '@sms-gateway/contracts';
import { untilReady } from './first-ready';
import { withDelivery } from './message-delivery-view';
import { messageIndexKeys, parseMessageIndexEntry } from './message-index';
import { toMessageView, type MessageView } from './message-view';
import type { SmsQueue } from './sms-queue';

/** Index entries one page request looks at, at most: a filtered page may then come back short. */
export const PAGE_SCAN_BUDGET = 1_000;

/**
 * An entry without its job is a message removed by retention (or a job whose add failed), once
 * it is older than this; a younger one may belong to an add still on its way.
 */
export const ORPHAN_GRACE_MS = 10 * 60 * 1000;

export interface MessagePageQuery {
  readonly limit: number;
  /** The `next` of the previous page: the index entry this page starts after. */
  readonly after?: string;
  /** Keeps only the messages it accepts (a status filter). */
  readonly matches?: (view: MessageView) => boolean;
  /** A sent message's delivery reports (two-way), so that `delivered` / `undelivered` show and filter. */
  readonly deliveryOf?: (id: string) => Promise<MessageDelivery | undefined>;
}

export interface MessagePage {
  readonly data: MessageView[];
  /** Present while there may be more: the index entry to continue after. */
  readonly next?: string;
}

/**
 * One page of messages, newest first across every state, from the index written when each
 * message was accepted. The index orders messages by acceptance time and id, which never change,
 * so a cursor (an index entry) always continues where the page ended: each message shows up on
 * exactly one page, and messages accepted meanwhile never shift it. With a filter, at most
 * PAGE_SCAN_BUDGET entries are looked at: the page may then hold fewer than `limit` messages
 * (even none) and still have a `next`.
 */
export async function readMessagePage(queue: SmsQueue, redis: Redis, query: MessagePageQuery, now = Date.now()): Promise<MessagePage> {
  const prefix = queue.opts.prefix ?? 'bull';
  const key = messageIndexKeys(prefix).byCreated;
  await untilReady(redis);
  const data: MessageView[] = [];
  let after = query.after;
  let scanned = 0;
  while (scanned < PAGE_SCAN_BUDGET) {
    const count = Math.min(query.limit + 1, PAGE_SCAN_BUDGET - scanned);
    const entries = await redis.zrange(key, after ? `(${after}` : '+', '-', 'BYLEX', 'REV', 'LIMIT', 0, count);
    const views = await readViews(queue, redis, key, entries, now, query.deliveryOf);
    for (const [index, entry] of entries.entries()) {
      scanned += 1;
      after = entry;
      const view = views[index];
      if (!view || (query.matches && !query.matches(view))) continue;
      data.push(view);
      if (data.length === query.limit) {
        const more = index < entries.length - 1 || entries.length === count;
        return { data, ...(more ? { next: entry } : {}) };
      }
    }
    if (entries.length < count) return { data };
  }
  return { data, ...(after ? { next: after } : {}) };
}

/** The view of each entry's message (undefined where the job is gone), read in one round trip. */
async function readViews(queue: SmsQueue, redis: Redis, key: string, entries: readonly string[], now: number, deliveryOf?: MessagePageQuery['deliveryOf']) {
  const ids = entries.map((entry) => parseMessageIndexEntry(entry)?.id);
  const reads = await Promise.all(ids.map((id) => (id ? readJob(queue, id) : undefined)));
  const orphans = entries.filter((entry, index) => !reads[index] && isOldEnough(entry, now));
  if (orphans.length) void redis.zrem(key, ...orphans).catch(() => undefined);
  const views = reads.map((read) => read && toMessageView(read.job, read.state, now));
  if (!deliveryOf) return views;
  return Promise.all(views.map(async (view) => view && (view.status === 'sent' ? withDelivery(view, await deliveryOf(view.id)) : view)));
}

function isOldEnough(entry: string, now: number): boolean {
  const parsed = parseMessageIndexEntry(entry);
  return !parsed || now - parsed.acceptedAtMs > ORPHAN_GRACE_MS;
}

/**
 * The job and its state, read state-job-state in one go; when the job moved in between (the
 * worker finished it), once more, so a view never mixes one step's state with another's details.
 */
async function readJob(queue: SmsQueue, id: string): Promise<{ job: Job<SendSmsJobData>; state: JobState | 'unknown' } | undefined> {
  for (let attempt = 0; ; attempt++) {
    const [before, job, after] = await Promise.all([queue.getJobState(id), queue.getJob(id), queue.getJobState(id)]);
    if (!job) return undefined;
    if (before === after || attempt >= 2) return { job, state: after };
  }
}
