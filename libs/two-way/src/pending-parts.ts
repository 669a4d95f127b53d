import type { Redis } from 'ioredis';
import type { PendingPart } from './join-parts';
import { twoWayKeys } from './two-way-keys';

/** The parts of one concatenated SMS that arrived so far. */
export interface PendingGroup {
  readonly key: string;
  /** When its first part was read (ms). */
  readonly firstSeenMs: number;
  readonly total: number;
  readonly parts: readonly PendingPart[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const field = (part: number) => `part:${part}`;

/**
 * Parts of concatenated SMS waiting for the others, kept in Redis (not in memory): a part is
 * deleted from the modem once it is here, so a worker restart loses none.
 */
export class PendingParts {
  private readonly keys: ReturnType<typeof twoWayKeys>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly modemId: string,
    /** INBOUND_PART_WAIT_MS; the Redis keys outlive it by a day, in case no worker reads them. */
    private readonly waitMs: number,
  ) {
    this.keys = twoWayKeys(prefix);
  }

  /** Parts of one message share the sender, the concatenation id and the number of parts. */
  groupKey(part: Pick<PendingPart, 'from' | 'reference' | 'total'>): string {
    return `${part.from.replace(/\D/g, '')}:${part.reference}:${part.total}`;
  }

  /**
   * Keeps a part. `same`: that very part was kept before (read again after a crash);
   * `conflict`: another text already holds that part number (the sender reused the id).
   */
  async add(part: PendingPart, now = Date.now()): Promise<'added' | 'same' | 'conflict'> {
    const group = this.groupKey(part);
    const key = this.keys.pendingParts(this.modemId, group);
    const existing = await this.redis.hget(key, field(part.part));
    if (existing !== null) {
      const kept = JSON.parse(existing) as PendingPart;
      return kept.text === part.text && kept.sentAt === part.sentAt ? 'same' : 'conflict';
    }
    await this.redis
      .multi()
      .hset(key, field(part.part), JSON.stringify(part))
      .pexpire(key, this.waitMs + DAY_MS)
      .zadd(this.keys.pendingGroups(this.modemId), 'NX', now, group)
      .exec();
    return 'added';
  }

  /** Every group of this modem that has parts waiting, oldest first. */
  async groups(): Promise<PendingGroup[]> {
    const entries = await this.redis.zrangebyscore(this.keys.pendingGroups(this.modemId), '-inf', '+inf', 'WITHSCORES');
    const groups: PendingGroup[] = [];
    for (let i = 0; i < entries.length; i += 2) {
      const key = entries[i]!;
      const values = Object.values(await this.redis.hgetall(this.keys.pendingParts(this.modemId, key)));
      const parts = values.map((json) => JSON.parse(json) as PendingPart);
      if (parts.length === 0) {
        // Its parts expired unread (no worker for a day): nothing left to store.
        await this.redis.zrem(this.keys.pendingGroups(this.modemId), key);
        continue;
      }
      groups.push({ key, firstSeenMs: Number(entries[i + 1]), total: parts[0]!.total, parts });
    }
    return groups;
  }

  /** Forgets a group once its message is stored. */
  async remove(key: string): Promise<void> {
    await this.redis.multi().del(this.keys.pendingParts(this.modemId, key)).zrem(this.keys.pendingGroups(this.modemId), key).exec();
  }
}
