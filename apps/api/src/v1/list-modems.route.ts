import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { modemKeys, type ModemStatusRecord, type ModemView } from '@sms-gateway/contracts';
import { readOrUnavailable } from '@sms-gateway/queues';

/** Heartbeats older than this many intervals mean the worker is gone. */
const STALE_INTERVALS = 3;

export function modemView(record: ModemStatusRecord, now: number): ModemView {
  const age = now - Date.parse(record.updatedAt);
  const stale = record.state !== 'stopped' && age > STALE_INTERVALS * record.intervalMs;
  return stale ? { ...record, state: 'offline' } : record;
}

/** `GET /v1/modems`: every modem that ever reported, with its health; 503 while Redis cannot answer. */
export const listModemsRoute =
  (redis: Redis, prefix: string): RequestHandler =>
  async (_req, res) => {
    const keys = modemKeys(prefix);
    const values = await readOrUnavailable(async () => {
      const ids = (await redis.smembers(keys.set)).sort();
      return ids.length ? redis.mget(ids.map((id) => keys.record(id))) : [];
    });
    const now = Date.now();
    const data = values.flatMap((value) => (value ? [modemView(JSON.parse(value) as ModemStatusRecord, now)] : []));
    res.json({ data });
  };
