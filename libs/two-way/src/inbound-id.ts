import { createHash } from 'node:crypto';

/** One SMS part as read from the modem, reduced to what identifies it. */
export interface PartIdentity {
  readonly part: number;
  readonly sentAt?: string;
  readonly text: string;
}

const digest = (fields: readonly unknown[]) =>
  `in_${createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32)}`;

/**
 * The id of a single received SMS: the same modem entry (modem, location, sender, network
 * time, text) read again after a crash gets the same id, so it is stored once. Pure.
 */
export function singleInboundId(modemId: string, entry: { location: number; from: string; sentAt?: string; text: string }): string {
  return digest(['single', modemId, entry.location, entry.from, entry.sentAt ?? '', entry.text]);
}

/**
 * The id of a joined concatenated SMS: its sender, concatenation id and size, and the parts
 * joined (locations are not kept: parts are deleted from the modem as they arrive). Pure.
 */
export function joinedInboundId(
  modemId: string,
  group: { from: string; reference: number; total: number },
  parts: readonly PartIdentity[],
): string {
  const ordered = [...parts].sort((a, b) => a.part - b.part).map((part) => [part.part, part.sentAt ?? '', part.text]);
  return digest(['joined', modemId, group.from, group.reference, group.total, ordered]);
}
