/**
 * A received SMS as stored in Redis and shown by `GET /v1/inbound/{id}` and the
 * `message.received` webhook. The parts of a concatenated SMS are joined into one.
 */
export interface InboundMessage {
  /** Stable: the same modem entry read twice gets the same id (it is stored once). */
  readonly id: string;
  /** The sender's full number, as the network gave it (logs mask it). */
  readonly from: string;
  /** The text, its parts joined in part order. */
  readonly text: string;
  /** ISO time the network stamped on the (first) part. */
  readonly receivedAt: string;
  /** ISO time the gateway stored it. */
  readonly storedAt: string;
  /** The modem (MODEM_ID) that received it. */
  readonly modemId: string;
  /** Number of SMS parts joined into `text`. */
  readonly parts: number;
  /** False when parts of a concatenated SMS never arrived within INBOUND_PART_WAIT_MS. */
  readonly complete: boolean;
  /** The latest message sent to this sender within REPLY_WINDOW_MS before it was read, else null. */
  readonly inReplyTo: string | null;
}
