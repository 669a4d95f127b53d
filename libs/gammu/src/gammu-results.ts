/** What one `gammu sendsms` run came to. Everything downstream works on this type. */
export type SendResult =
  | { readonly kind: 'sent'; readonly references: readonly number[]; readonly parts: number }
  | ({ readonly kind: 'networkError'; readonly code: number; readonly detail: string } & PartsOut)
  | ({ readonly kind: 'deviceError'; readonly exitCode: number; readonly detail: string } & PartsOut)
  | ({ readonly kind: 'timeout'; readonly afterMs: number } & PartsOut)
  | ({ readonly kind: 'unknown'; readonly detail: string } & PartsOut);

/**
 * The parts of a concatenated SMS that went out before a send failed (gammu printed
 * `Sending SMS i/N…OK` for them). Absent when none did: resending is then harmless.
 */
export interface PartsOut {
  readonly partsSent?: { readonly sent: number; readonly of: number; readonly references: readonly number[] };
}

/** What one `gammu networkinfo` run came to. */
export interface NetworkStatus {
  /** True when the modem can send: home network, or roaming where allowed. */
  readonly registered: boolean;
  /** gammu's `Network state` text, or why the check itself failed. */
  readonly state: string;
  /** Operator name when gammu reports it, e.g. "GammuTel, Dummy". */
  readonly network?: string;
}
