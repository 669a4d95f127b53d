/** Settings shared by every process. */
export interface CommonConfig {
  readonly redis: RedisConfig;
  readonly queuePrefix: string;
  readonly log: { readonly level: string; readonly format: 'json' | 'pretty' };
  readonly shutdownTimeoutMs: number;
  /** Days a finished message stays in Redis (status queries, dashboard). */
  readonly retentionDays: number;
  readonly webhooks: WebhookConfig;
  readonly twoWay: TwoWayConfig;
}

/** Delivery reports, received SMS and opt-outs (the worker records them, the API shows them). */
export interface TwoWayConfig {
  /** DELIVERY_REPORTS: `sendsms … -report` and tracking. @defaultValue true */
  readonly deliveryReports: boolean;
  /** INBOX_POLL_MS: how often the modem's stored messages are read; 0 never. @defaultValue 15000 */
  readonly inboxPollMs: number;
  /** DELIVERY_REPORT_WINDOW_MS: how long after a send its report is matched. @defaultValue 172800000 */
  readonly deliveryReportWindowMs: number;
  /** INBOUND_PART_WAIT_MS: wait for the missing parts of a concatenated SMS. @defaultValue 600000 */
  readonly inboundPartWaitMs: number;
  /** REPLY_WINDOW_MS: a received SMS answers the latest send to its sender within this. @defaultValue 259200000 */
  readonly replyWindowMs: number;
  /** OPT_OUT_KEYWORDS, split; empty means opting out by SMS is off. */
  readonly optOutKeywords: readonly string[];
  /** OPT_IN_KEYWORDS, split. */
  readonly optInKeywords: readonly string[];
  /** PHONE_DEFAULT_REGION (e.g. "BR"); unset, numbers are compared by their digits. */
  readonly phoneDefaultRegion?: string;
}

/** How every process reaches Redis. */
export interface RedisConfig {
  /** REDIS_URL: user, password, database and TLS (`rediss:`); also the host and port unless `sentinel` is set. */
  readonly url: string;
  /** Set when REDIS_SENTINELS is: the primary is asked of these Sentinels, and followed when they promote another. */
  readonly sentinel?: SentinelConfig;
  /** REDIS_MIN_REPLICAS_ACK: replicas that must hold a message before it is answered 202. @defaultValue 0 */
  readonly minReplicasAck: number;
}

/** Redis Sentinel: where the Sentinels are and which primary to ask them for. */
export interface SentinelConfig {
  /** REDIS_SENTINELS, in the order given. */
  readonly nodes: readonly { readonly host: string; readonly port: number }[];
  /** REDIS_SENTINEL_MASTER. @defaultValue "mymaster" */
  readonly masterName: string;
  /** REDIS_SENTINEL_PASSWORD: the Sentinels' own password, when they require one. */
  readonly password?: string;
}

/** Where and how final outcomes are delivered. */
export interface WebhookConfig {
  /** Default destination; a message's callbackUrl takes precedence. */
  readonly url?: string;
  /** Signs every delivery; without it no webhook is sent. */
  readonly secret?: string;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  /**
   * CALLBACK_ALLOWED_HOSTS: hosts a client's callbackUrl may name although they are (or resolve
   * to) loopback, private or link-local addresses. @defaultValue [] (none)
   */
  readonly allowedCallbackHosts: readonly string[];
}

/** Settings of the HTTP API. */
export interface ApiConfig extends CommonConfig {
  readonly port: number;
  readonly host: string;
  readonly token: string;
  /** Bounds on what clients may ask. */
  readonly limits: {
    /** MAX_QUEUED_MESSAGES: more unsent messages than this are refused. @defaultValue 100000 */
    readonly maxQueuedMessages: number;
    /** ALLOWED_NUMBER_PREFIXES: numbers must start with one of these; empty: any. @defaultValue [] */
    readonly allowedNumberPrefixes: readonly string[];
  };
  /**
   * TRUST_PROXY: peers whose X-Forwarded-For is believed when telling clients apart (failed
   * authentication is counted per client address). @defaultValue [] (none)
   */
  readonly trustProxy: readonly string[];
  /** Bull Board at /admin/queues; undefined (no DASHBOARD_PASSWORD) means the dashboard is off. */
  readonly dashboard?: DashboardConfig;
  readonly metrics: {
    /** METRICS_TOKEN: when set, GET /metrics needs `Authorization: Bearer <token>`; unset, it is open. */
    readonly token?: string;
  };
}

/** Who may open the dashboard, and whether it may change anything. */
export interface DashboardConfig {
  readonly user: string;
  /** DASHBOARD_PASSWORD: 12+ characters, never the API token. */
  readonly password: string;
  /** DASHBOARD_READ_ONLY: show queues and jobs, refuse retry/promote/clean/delete. @defaultValue false */
  readonly readOnly: boolean;
}

/** Settings of a worker bound to one modem. */
export interface WorkerConfig extends CommonConfig {
  readonly modemId: string;
  readonly gammu: {
    readonly bin: string;
    readonly config: string;
    readonly section?: number;
    /** GAMMU_SESSION: `batch` keeps one gammu process open for every modem command; `oneshot` starts one per command. @defaultValue "batch" */
    readonly session: 'batch' | 'oneshot';
    readonly sendTimeoutMs: number;
    readonly checkTimeoutMs: number;
  };
  readonly readiness: { readonly pollMs: number; readonly ttlMs: number; readonly allowRoaming: boolean };
  readonly retry: RetryPolicy;
  readonly fleet: ModemFleetConfig;
  readonly metrics: WorkerMetricsConfig;
}

/** The worker's own HTTP server for Prometheus and health checks. */
export interface WorkerMetricsConfig {
  /** WORKER_METRICS_PORT: where /metrics, /healthz and /readyz are served; undefined means no server. */
  readonly port?: number;
  /** WORKER_METRICS_HOST: loopback unless a Prometheus elsewhere must reach it. @defaultValue "127.0.0.1" */
  readonly host: string;
}

/** Carrier limits, the watchdog and status reporting of one modem. */
export interface ModemFleetConfig {
  /** Most sends in any 60 s window; undefined means no limit. */
  readonly maxPerMinute?: number;
  /** The window `maxPerMinute` counts over. @defaultValue 60000 */
  readonly rateWindowMs: number;
  /** Least time between two sends (plus up to 20% jitter). @defaultValue 0 */
  readonly minGapMs: number;
  /** Consecutive device errors or timeouts before a reset. @defaultValue 3 */
  readonly maxDeviceErrors: number;
  /** Extra shell command after `gammu reset SOFT`. */
  readonly resetCommand?: string;
  /** Wait after a reset before re-checking the network. @defaultValue 5000 */
  readonly resetWaitMs: number;
  /** How often an idle modem is asked for its signal (gammu monitor 1); 0 never. @defaultValue 300000 */
  readonly signalIntervalMs: number;
  /** Heartbeat period of the modem status. @defaultValue 15000 */
  readonly statusIntervalMs: number;
}

/** How failed sends are retried; consumed by the backoff strategy. */
export interface RetryPolicy {
  /** Send-status codes retried without limit. @defaultValue [69] */
  readonly networkCodes: readonly number[];
  /** First delay after a network-code failure; doubles each time. @defaultValue 5000 */
  readonly networkBaseMs: number;
  /** Ceiling of the network-code delay. @defaultValue 60000 */
  readonly networkMaxMs: number;
  /** Delay after any other failure. @defaultValue 10000 */
  readonly otherDelayMs: number;
  /** Consecutive other failures after which a message fails for good. @defaultValue 5 */
  readonly otherMaxAttempts: number;
}
