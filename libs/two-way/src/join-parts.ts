/** One part of a concatenated SMS, waiting in Redis for the others. */
export interface PendingPart {
  readonly from: string;
  /** The concatenation id the sender's phone gave the whole message. */
  readonly reference: number;
  /** 1-based. */
  readonly part: number;
  readonly total: number;
  readonly sentAt?: string;
  readonly text: string;
}

/** The parts of one message joined: text in part order, whether every part came. */
export interface JoinedParts {
  readonly text: string;
  readonly parts: number;
  readonly complete: boolean;
  /** The network time of the first part that came (in part order), when known. */
  readonly sentAt?: string;
}

/** Joins the parts that arrived, in part order (each part number once). Pure. */
export function joinParts(parts: readonly PendingPart[], total: number): JoinedParts {
  const byNumber = new Map<number, PendingPart>();
  for (const part of parts) if (!byNumber.has(part.part)) byNumber.set(part.part, part);
  const ordered = [...byNumber.values()].sort((a, b) => a.part - b.part);
  const sentAt = ordered.find((part) => part.sentAt)?.sentAt;
  return {
    text: ordered.map((part) => part.text).join(''),
    parts: ordered.length,
    complete: ordered.length === total && ordered.every((part, i) => part.part === i + 1),
    ...(sentAt ? { sentAt } : {}),
  };
}
