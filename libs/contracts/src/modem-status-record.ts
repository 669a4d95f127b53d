/** What a modem is doing, as `GET /v1/modems` shows it. */
export type ModemActivity = 'starting' | 'idle' | 'waiting_network' | 'waiting_device' | 'sending' | 'resetting' | 'stopped';

/** One worker's heartbeat, stored in Redis by the worker and read by the API. */
export interface ModemStatusRecord {
  readonly modemId: string;
  readonly state: ModemActivity;
  readonly registered: boolean;
  readonly networkState?: string;
  readonly network?: string;
  /** dBm, when the modem reports it. */
  readonly signalDbm?: number;
  readonly lastSendAt?: string;
  readonly lastSendOutcome?: string;
  readonly sent: number;
  readonly failed: number;
  /** Network refusals (e.g. error 69) in a row: an alert can fire on it. */
  readonly consecutiveNetworkRefusals: number;
  readonly resets: number;
  readonly host: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly updatedAt: string;
  /** The heartbeat period; a record older than three of them is offline. */
  readonly intervalMs: number;
}

/**
 * The Redis keys of the modem registry: a set of ids and one JSON value per modem.
 * Stored in Redis: renaming them needs a migration.
 */
export const modemKeys = (prefix: string) => ({
  set: `${prefix}:modems`,
  record: (modemId: string) => `${prefix}:modems:${modemId}`,
});
