import type { FromJsonSchema } from './from-json-schema';
import type { JsonSchema } from './json-schema';
import { timestampSchema } from './schema-parts';

/** What a modem is doing, as `GET /v1/modems` shows it. */
export const MODEM_ACTIVITIES = ['starting', 'idle', 'waiting_network', 'waiting_device', 'sending', 'resetting', 'stopped'] as const;

export type ModemActivity = (typeof MODEM_ACTIVITIES)[number];

const modemProperties = {
  modemId: { type: 'string' },
  state: { type: 'string', enum: MODEM_ACTIVITIES },
  registered: { type: 'boolean' },
  networkState: { type: 'string', description: 'gammu\'s "Network state", e.g. home network.' },
  network: { type: 'string', description: 'Operator name, when reported.' },
  signalDbm: { type: 'number', description: 'dBm, when the modem reports it.' },
  lastSendAt: timestampSchema,
  lastSendOutcome: { type: 'string' },
  sent: { type: 'integer' },
  failed: { type: 'integer' },
  consecutiveNetworkRefusals: { type: 'integer', description: 'Network refusals (e.g. error 69) in a row: an alert can fire on it.' },
  resets: { type: 'integer', description: 'Watchdog resets since the worker started.' },
  host: { type: 'string' },
  pid: { type: 'integer' },
  startedAt: timestampSchema,
  updatedAt: timestampSchema,
  intervalMs: { type: 'integer', description: 'The heartbeat period; a record older than three of them is offline.' },
} as const satisfies Record<string, JsonSchema>;

const modemRequired = ['modemId', 'state', 'registered', 'sent', 'failed', 'consecutiveNetworkRefusals', 'resets', 'host', 'pid', 'startedAt', 'updatedAt', 'intervalMs'] as const;

/** One worker's heartbeat, stored in Redis by the worker and read by the API. */
export const modemStatusRecordSchema = {
  type: 'object',
  additionalProperties: false,
  required: modemRequired,
  properties: modemProperties,
} as const satisfies JsonSchema;

export type ModemStatusRecord = FromJsonSchema<typeof modemStatusRecordSchema>;

/** A modem as `GET /v1/modems` shows it: its last heartbeat, or `offline` when that is stale. */
export const modemViewSchema = {
  type: 'object',
  additionalProperties: false,
  required: modemRequired,
  properties: {
    ...modemProperties,
    state: { type: 'string', enum: [...MODEM_ACTIVITIES, 'offline'], description: '`offline`: no heartbeat for three intervals.' },
  },
} as const satisfies JsonSchema;

export type ModemView = FromJsonSchema<typeof modemViewSchema>;

/**
 * The Redis keys of the modem registry: a set of ids and one JSON value per modem.
 * Stored in Redis: renaming them needs a migration.
 */
export const modemKeys = (prefix: string) => ({
  set: `${prefix}:modems`,
  record: (modemId: string) => `${prefix}:modems:${modemId}`,
});
