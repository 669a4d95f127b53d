import type { Redis } from 'ioredis';
import type { SendSmsJobData } from '@sms-gateway/contracts';
import { untilReady } from './first-ready';

/**
 * The Redis keys beside BullMQ's that keep messages findable. Stored in Redis: renaming one
 * needs a migration.
 *
 * | key | type | holds |
 * | --- | --- | --- |
 * | `<p>:messages:by-created` | sorted set, every score 0 | one `messageIndexEntry` per accepted message, so members sort by acceptance time, then id |
 * | `<p>:messages:expiries` | sorted set | ids of messages with an `expiresAt`; score = that time (ms) |
 * | `<p>:messages:expired-notices` | set | ids expired by the API whose `message.expired` webhook is not queued yet |
 * | `<p>:messages:by-created:complete` | string | set once the index holds every message stored before it existed |
 */
export const messageIndexKeys = (prefix: string) => ({
  byCreated: `${prefix}:messages:by-created`,
  expiries: `${prefix}:messages:expiries`,
  expiredNotices: `${prefix}:messages:expired-notices`,
  backfilled: `${prefix}:messages:by-created:complete`,
});

/** Milliseconds, zero-padded so that entries sort by time as strings (good until the year 33658). */
const TIME_DIGITS = 15;
const ENTRY = /^(\d{15}):([0-9a-f-]{36})$/;

/** The index entry of a message: its acceptance time, then its id. */
export function messageIndexEntry(id: string, acceptedAt: string): string {
  return `${String(Date.parse(acceptedAt)).padStart(TIME_DIGITS, '0')}:${id}`;
}

/** The id and acceptance time (ms) an index entry holds, or undefined for anything else. */
export function parseMessageIndexEntry(entry: string): { id: string; acceptedAtMs: number } | undefined {
  const match = ENTRY.exec(entry);
  return match?.[1] && match[2] ? { id: match[2], acceptedAtMs: Number(match[1]) } : undefined;
}

/**
 * Writes the index entries of one message. Called just before the job is added, on the same
 * connection: Redis applies them first, so a stored message is always in the index (an entry
 * whose add then failed has no job, and readers skip it).
 */
export async function indexMessage(redis: Redis, prefix: string, id: string, data: Pick<SendSmsJobData, 'acceptedAt' | 'expiresAt'>): Promise<void> {
  const connecting = untilReady(redis);
  if (connecting) await connecting; // otherwise the writes go out now, ahead of the add queued next
  const keys = messageIndexKeys(prefix);
  await Promise.all([
    redis.zadd(keys.byCreated, 0, messageIndexEntry(id, data.acceptedAt)),
    ...(data.expiresAt ? [redis.zadd(keys.expiries, Date.parse(data.expiresAt), id)] : []),
  ]);
}
