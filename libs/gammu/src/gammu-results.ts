/** What one `gammu sendsms` run came to. Everything downstream works on this type. */
export type SendResult =
  | { readonly kind: 'sent'; readonly references: readonly number[]; readonly parts: number }
  | { readonly kind: 'networkError'; readonly code: number; readonly detail: string }
  | { readonly kind: 'deviceError'; readonly exitCode: number; readonly detail: string }
  | { readonly kind: 'timeout'; readonly afterMs: number }
  | { readonly kind: 'unknown'; readonly detail: string };

/** What one `gammu networkinfo` run came to. */
export interface NetworkStatus {
  /** True when the modem can send: home network, or roaming where allowed. */
  readonly registered: boolean;
  /** gammu's `Network state` text, or why the check itself failed. */
  readonly state: string;
  /** Operator name when gammu reports it, e.g. "GammuTel, Dummy". */
  readonly network?: string;
}
