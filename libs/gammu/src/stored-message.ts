/** The concatenation header of one part of a long SMS. */
export interface ConcatenationInfo {
  /** The sender's id for the whole message (8- or 16-bit); parts with the same id belong together. */
  readonly reference: number;
  /** 1-based. */
  readonly part: number;
  readonly total: number;
}

/** What a status report's `Delivery status` says (gammu sets it from the report's TP-Status). */
export type DeliveryReportStatus = 'delivered' | 'failed' | 'pending' | 'unknown';

/** One entry of the modem's message memory, as `gammu getallsms` lists it. */
export type StoredMessage =
  | {
      readonly kind: 'received';
      /** What `deletesms 0 <location>` takes (gammu's flat location). */
      readonly location: number;
      readonly folder: string;
      /** The sender, as the network gave it. */
      readonly from: string;
      /** ISO time the network stamped on it, when gammu could print one. */
      readonly sentAt?: string;
      readonly text: string;
      readonly concatenation?: ConcatenationInfo;
    }
  | {
      readonly kind: 'statusReport';
      readonly location: number;
      readonly folder: string;
      /** The recipient of the message the report is about. */
      readonly recipient: string;
      /** The `message reference` sendsms printed for that message (0–255, repeating). */
      readonly reference: number;
      readonly status: DeliveryReportStatus;
      /** gammu's `Details` line, e.g. "SM received by the SME". */
      readonly detail: string;
      /** ISO time the network says it handled the message (`SMSC response`), when printed. */
      readonly reportedAt?: string;
    }
  | {
      /** Anything else (a sent copy, a binary SMS, a malformed or cut-off entry): leave it alone. */
      readonly kind: 'unknown';
      readonly location?: number;
      readonly reason: string;
      readonly raw: string;
    };

/** What one `gammu getallsms` run came to. */
export interface StoredMessagesListing {
  /** Every entry gammu printed, in its order. */
  readonly messages: readonly StoredMessage[];
  /** False when gammu did not reach the end of the memory (an error, a timeout): read again later. */
  readonly complete: boolean;
  /** Why it is not complete, in gammu's words. */
  readonly problem?: string;
}

/** What one `gammu deletesms` run came to. */
export type DeleteResult = { readonly kind: 'deleted' } | { readonly kind: 'failed'; readonly detail: string };
