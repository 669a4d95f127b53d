/** How a number came to be opted out. */
export type OptOutSource = 'keyword' | 'api';

/** One opted-out number, as `GET /v1/opt-outs` lists it. */
export interface OptOutRecord {
  /** The number as it was first given (by the sender's SMS or the API call). */
  readonly number: string;
  /** The form numbers are compared in (see `comparableNumber`). */
  readonly comparable: string;
  readonly source: OptOutSource;
  /** ISO time it was opted out. */
  readonly optedOutAt: string;
}
