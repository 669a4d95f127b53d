import { environmentSchema } from './config.schema';
import { ConfigError } from './config.error';
import type { ApiConfig, CommonConfig, RedisConfig, WorkerConfig } from './config.types';
import { parseHostPorts } from './host-ports';

type Env = Record<string, string | undefined>;
/** The environment after Joi has applied defaults and converted numbers and booleans. */
interface Validated {
  PORT: number;
  HOST: string;
  SMS_API_TOKEN: string;
  REDIS_URL: string;
  REDIS_SENTINELS?: string;
  REDIS_SENTINEL_MASTER: string;
  REDIS_SENTINEL_PASSWORD?: string;
  REDIS_MIN_REPLICAS_ACK: number;
  QUEUE_PREFIX: string;
  GAMMU_BIN: string;
  GAMMU_CONFIG: string;
  GAMMU_SECTION?: number;
  GAMMU_SESSION: 'batch' | 'oneshot';
  MODEM_ID: string;
  READINESS_POLL_MS: number;
  READINESS_TTL_MS: number;
  ALLOW_ROAMING: boolean;
  RETRY_NETWORK_CODES: string;
  RETRY_NETWORK_BASE_MS: number;
  RETRY_NETWORK_MAX_MS: number;
  RETRY_OTHER_DELAY_MS: number;
  RETRY_OTHER_MAX_ATTEMPTS: number;
  GAMMU_SEND_TIMEOUT_MS: number;
  GAMMU_CHECK_TIMEOUT_MS: number;
  DASHBOARD_USER: string;
  DASHBOARD_PASSWORD?: string;
  DASHBOARD_READ_ONLY: boolean;
  LOG_LEVEL: string;
  LOG_FORMAT: 'json' | 'pretty';
  SHUTDOWN_TIMEOUT_MS: number;
  MODEM_MAX_PER_MINUTE?: number;
  MODEM_RATE_WINDOW_MS: number;
  MODEM_MIN_GAP_MS: number;
  MODEM_MAX_DEVICE_ERRORS: number;
  MODEM_RESET_COMMAND?: string;
  MODEM_RESET_WAIT_MS: number;
  MODEM_SIGNAL_INTERVAL_MS: number;
  MODEM_STATUS_INTERVAL_MS: number;
  MESSAGE_RETENTION_DAYS: number;
  WEBHOOK_URL?: string;
  WEBHOOK_SECRET?: string;
  WEBHOOK_TIMEOUT_MS: number;
  WEBHOOK_MAX_ATTEMPTS: number;
  CALLBACK_ALLOWED_HOSTS?: string;
  TRUST_PROXY?: string;
  MAX_QUEUED_MESSAGES: number;
  ALLOWED_NUMBER_PREFIXES?: string;
  METRICS_TOKEN?: string;
  WORKER_METRICS_PORT?: number;
  WORKER_METRICS_HOST: string;
  DELIVERY_REPORTS: boolean;
  INBOX_POLL_MS: number;
  DELIVERY_REPORT_WINDOW_MS: number;
  INBOUND_PART_WAIT_MS: number;
  REPLY_WINDOW_MS: number;
  OPT_OUT_KEYWORDS: string;
  OPT_IN_KEYWORDS: string;
  PHONE_DEFAULT_REGION?: string;
}

/** Variables where an empty value means "off", not "unset" (the contract says so). */
const EMPTY_MEANS_OFF: ReadonlySet<string> = new Set(['OPT_OUT_KEYWORDS', 'OPT_IN_KEYWORDS']);

function validate(env: Env, required: readonly string[]): Validated {
  // Empty strings mean "unset", as in most .env tooling.
  const present = Object.fromEntries(
    Object.entries(env).filter(([name, value]) => value !== undefined && (value !== '' || EMPTY_MEANS_OFF.has(name))),
  );
  const schema = environmentSchema.fork(required as string[], (key) => key.required());
  const { value, error } = schema.validate(present, { abortEarly: false, convert: true });
  if (error) throw new ConfigError(error.details.map((detail) => detail.message.replace(/"/g, '')));
  return value as Validated;
}

function common(v: Validated): CommonConfig {
  return {
    redis: redisConfig(v),
    queuePrefix: v.QUEUE_PREFIX,
    log: { level: v.LOG_LEVEL, format: v.LOG_FORMAT },
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
    retentionDays: v.MESSAGE_RETENTION_DAYS,
    webhooks: {
      ...(v.WEBHOOK_URL ? { url: v.WEBHOOK_URL } : {}),
      ...(v.WEBHOOK_SECRET ? { secret: v.WEBHOOK_SECRET } : {}),
      timeoutMs: v.WEBHOOK_TIMEOUT_MS,
      maxAttempts: v.WEBHOOK_MAX_ATTEMPTS,
      allowedCallbackHosts: (v.CALLBACK_ALLOWED_HOSTS ?? '').split(',').map((host) => host.trim()).filter(Boolean),
    },
    twoWay: {
      deliveryReports: v.DELIVERY_REPORTS,
      inboxPollMs: v.INBOX_POLL_MS,
      deliveryReportWindowMs: v.DELIVERY_REPORT_WINDOW_MS,
      inboundPartWaitMs: v.INBOUND_PART_WAIT_MS,
      replyWindowMs: v.REPLY_WINDOW_MS,
      optOutKeywords: keywordList(v.OPT_OUT_KEYWORDS),
      optInKeywords: keywordList(v.OPT_IN_KEYWORDS),
      ...(v.PHONE_DEFAULT_REGION ? { phoneDefaultRegion: v.PHONE_DEFAULT_REGION } : {}),
    },
  };
}

/** `SAIR, Parar ,` → ["SAIR", "Parar"]. */
const keywordList = (value: string) =>
  value
    .split(',')
    .map((word) => word.trim())
    .filter(Boolean);

function redisConfig(v: Validated): RedisConfig {
  // The schema has checked the list; parsing it again cannot fail.
  const nodes = v.REDIS_SENTINELS === undefined ? undefined : parseHostPorts(v.REDIS_SENTINELS);
  return {
    url: v.REDIS_URL,
    ...(nodes
      ? {
          sentinel: {
            nodes,
            masterName: v.REDIS_SENTINEL_MASTER,
            ...(v.REDIS_SENTINEL_PASSWORD ? { password: v.REDIS_SENTINEL_PASSWORD } : {}),
          },
        }
      : {}),
    minReplicasAck: v.REDIS_MIN_REPLICAS_ACK,
  };
}

/** Validates the environment once for the API; throws ConfigError listing every problem. */
export function loadApiConfig(env: Env = process.env): ApiConfig {
  const v = validate(env, ['SMS_API_TOKEN']);
  const problems: string[] = [];
  // The API signs deliveries; workers only queue them, so only the API needs the secret.
  if (v.WEBHOOK_URL && !v.WEBHOOK_SECRET) problems.push('WEBHOOK_URL needs WEBHOOK_SECRET (at least 16 characters) to sign deliveries');
  // Every API client knows the token: as the dashboard's password it would make each one a Redis admin.
  if (v.DASHBOARD_PASSWORD === v.SMS_API_TOKEN) problems.push('DASHBOARD_PASSWORD must not be the API token (SMS_API_TOKEN); choose a password of its own');
  if (problems.length) throw new ConfigError(problems);
  return deepFreeze({
    ...common(v),
    port: v.PORT,
    host: v.HOST,
    token: v.SMS_API_TOKEN,
    limits: {
      maxQueuedMessages: v.MAX_QUEUED_MESSAGES,
      allowedNumberPrefixes: (v.ALLOWED_NUMBER_PREFIXES ?? '').split(',').map((prefix) => prefix.trim()).filter(Boolean),
    },
    trustProxy: (v.TRUST_PROXY ?? '').split(',').map((entry) => entry.trim()).filter(Boolean),
    ...(v.DASHBOARD_PASSWORD ? { dashboard: { user: v.DASHBOARD_USER, password: v.DASHBOARD_PASSWORD, readOnly: v.DASHBOARD_READ_ONLY } } : {}),
    metrics: v.METRICS_TOKEN ? { token: v.METRICS_TOKEN } : {},
  });
}

/** Validates the environment once for a worker; throws ConfigError listing every problem. */
export function loadWorkerConfig(env: Env = process.env): WorkerConfig {
  const v = validate(env, []);
  return deepFreeze({
    ...common(v),
    modemId: v.MODEM_ID,
    gammu: {
      bin: v.GAMMU_BIN,
      config: v.GAMMU_CONFIG,
      ...(v.GAMMU_SECTION === undefined ? {} : { section: v.GAMMU_SECTION }),
      session: v.GAMMU_SESSION,
      sendTimeoutMs: v.GAMMU_SEND_TIMEOUT_MS,
      checkTimeoutMs: v.GAMMU_CHECK_TIMEOUT_MS,
    },
    readiness: { pollMs: v.READINESS_POLL_MS, ttlMs: v.READINESS_TTL_MS, allowRoaming: v.ALLOW_ROAMING },
    retry: {
      networkCodes: v.RETRY_NETWORK_CODES.split(',').map((code) => Number(code.trim())),
      networkBaseMs: v.RETRY_NETWORK_BASE_MS,
      networkMaxMs: v.RETRY_NETWORK_MAX_MS,
      otherDelayMs: v.RETRY_OTHER_DELAY_MS,
      otherMaxAttempts: v.RETRY_OTHER_MAX_ATTEMPTS,
    },
    fleet: {
      ...(v.MODEM_MAX_PER_MINUTE === undefined ? {} : { maxPerMinute: v.MODEM_MAX_PER_MINUTE }),
      rateWindowMs: v.MODEM_RATE_WINDOW_MS,
      minGapMs: v.MODEM_MIN_GAP_MS,
      maxDeviceErrors: v.MODEM_MAX_DEVICE_ERRORS,
      ...(v.MODEM_RESET_COMMAND ? { resetCommand: v.MODEM_RESET_COMMAND } : {}),
      resetWaitMs: v.MODEM_RESET_WAIT_MS,
      signalIntervalMs: v.MODEM_SIGNAL_INTERVAL_MS,
      statusIntervalMs: v.MODEM_STATUS_INTERVAL_MS,
    },
    metrics: {
      ...(v.WORKER_METRICS_PORT === undefined ? {} : { port: v.WORKER_METRICS_PORT }),
      host: v.WORKER_METRICS_HOST,
    },
  });
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child);
  }
  return Object.freeze(value);
}
