import type { Redis } from 'ioredis';
import { maskPhoneNumber } from '@sms-gateway/contracts';
import type { ConcatenationInfo } from '@sms-gateway/gammu';
import type { Logger } from '@sms-gateway/logger';
import { joinedInboundId } from './inbound-id';
import { joinParts, type PendingPart } from './join-parts';
import { PendingParts, type PendingGroup } from './pending-parts';
import type { ReceivedSms } from './received-sms-recorder';

export interface LongSmsAssemblerOptions {
  readonly redis: Redis;
  readonly prefix: string;
  readonly modemId: string;
  /** INBOUND_PART_WAIT_MS. */
  readonly waitMs: number;
  readonly logger: Logger;
  /** Stores a joined SMS (see ReceivedSmsRecorder); true when new. */
  readonly store: (received: ReceivedSms) => Promise<boolean>;
}

/**
 * Collects the parts of concatenated SMS in Redis and hands each message on, joined in part
 * order, once every part is there or INBOUND_PART_WAIT_MS has passed (then as incomplete).
 */
export class LongSmsAssembler {
  private readonly pending: PendingParts;

  constructor(private readonly options: LongSmsAssemblerOptions) {
    this.pending = new PendingParts(options.redis, options.prefix, options.modemId, options.waitMs);
  }

  /** Keeps one part (once: a part read again is the same part). */
  async keep(received: { from: string; text: string; sentAt?: string }, concatenation: ConcatenationInfo, now: number): Promise<void> {
    const part: PendingPart = {
      from: received.from,
      reference: concatenation.reference,
      part: concatenation.part,
      total: concatenation.total,
      text: received.text,
      ...(received.sentAt ? { sentAt: received.sentAt } : {}),
    };
    if ((await this.pending.add(part, now)) === 'conflict') {
      // The sender's phone reused the concatenation id while the older message still waits:
      // store the older one as it is, then start the new one.
      const key = this.pending.groupKey(part);
      const older = (await this.pending.groups()).find((group) => group.key === key);
      if (older) await this.storeGroup(older);
      await this.pending.add(part, now);
    }
    this.options.logger.debug('received part of a long SMS', { event: 'sms_part_received', from: maskPhoneNumber(part.from), part: part.part, total: part.total });
  }

  /** Stores each message whose parts are all here, or whose wait is over; returns how many were new. */
  async storeReady(now: number): Promise<number> {
    let stored = 0;
    for (const group of await this.pending.groups()) {
      if (joinParts(group.parts, group.total).complete || now - group.firstSeenMs >= this.options.waitMs) {
        if (await this.storeGroup(group)) stored += 1;
      }
    }
    return stored;
  }

  private async storeGroup(group: PendingGroup): Promise<boolean> {
    const first = group.parts[0]!;
    const joined = joinParts(group.parts, group.total);
    if (!joined.complete) {
      this.options.logger.warn('parts of a long SMS never arrived; storing what did', {
        event: 'sms_incomplete',
        from: maskPhoneNumber(first.from),
        parts: joined.parts,
        total: group.total,
      });
    }
    const stored = await this.options.store({
      id: joinedInboundId(this.options.modemId, { from: first.from, reference: first.reference, total: group.total }, group.parts),
      from: first.from,
      text: joined.text,
      ...(joined.sentAt ? { sentAt: joined.sentAt } : {}),
      parts: joined.parts,
      complete: joined.complete,
    });
    // Forgotten only once stored: a crash in between stores the same message (same id) again.
    await this.pending.remove(group.key);
    return stored;
  }
}
