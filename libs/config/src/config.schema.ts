import Joi from 'joi';
import os from 'node:os';
import { isSupportedCountry } from 'libphonenumber-js';
import { parseHostPorts } from './host-ports';
import { EXAMPLE_TOKENS, MIN_DASHBOARD_PASSWORD_LENGTH, MIN_TOKEN_LENGTH } from './example-tokens';
import { isTrustProxy } from './trust-proxy-entry';

const ms = () => Joi.number().integer().min(0);
const positiveMs = () => Joi.number().integer().min(1);
/** A comma-separated keyword list; an empty one (kept, not treated as unset) turns the feature off. */
const keywords = () => Joi.string().allow('').max(1_000);

/**
 * Every environment variable the gateway reads, with its default and meaning.
 * `.env.example` lists the same variables; a unit test keeps the two in step.
 */
export const environmentSchema = Joi.object({
  NODE_ENV: Joi.string().default('production').description('node environment'),
  PORT: Joi.number().port().default(5000).description('API listen port'),
  HOST: Joi.string().default('0.0.0.0').description('API listen address'),
  SMS_API_TOKEN: Joi.string()
    // One problem per token: an example value is refused as such, whatever its length.
    .custom((token: string, helpers) => {
      // An example pasted with spaces around it, or in other letter case, is still that example.
      const bare = token.trim().toLowerCase();
      if (EXAMPLE_TOKENS.some((example) => example.toLowerCase() === bare)) return helpers.error('any.invalid');
      if (token.trim() !== token) return helpers.error('string.trim');
      return token.length < MIN_TOKEN_LENGTH ? helpers.error('string.min') : token;
    })
    .messages({
      'any.invalid': 'SMS_API_TOKEN is an example value published with the gateway; set your own secret (e.g. openssl rand -hex 24)',
      'string.trim': 'SMS_API_TOKEN must not begin or end with spaces (a copy error?); set your own secret (e.g. openssl rand -hex 24)',
      'string.min': `SMS_API_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters (e.g. openssl rand -hex 24)`,
    })
    .description(`static API token (required by the API; at least ${MIN_TOKEN_LENGTH} characters, not an example value)`),
  REDIS_URL: Joi.string()
    .uri({ scheme: ['redis', 'rediss'] })
    .default('redis://127.0.0.1:6379')
    .description('Redis connection for BullMQ (with REDIS_SENTINELS: only its user, password, database and TLS are used)'),
  REDIS_SENTINELS: Joi.string()
    .custom((value: string, helpers) => (parseHostPorts(value) ? value : helpers.error('string.pattern.base')))
    .messages({ 'string.pattern.base': 'REDIS_SENTINELS must be a comma-separated list of host:port, e.g. 10.0.0.1:26379,10.0.0.2:26379' })
    .description('Redis Sentinels (host:port,host:port): find the primary through them instead of REDIS_URL’s host'),
  REDIS_SENTINEL_MASTER: Joi.string().default('mymaster').description('the primary’s name as the Sentinels know it'),
  REDIS_SENTINEL_PASSWORD: Joi.string().description('password of the Sentinels themselves (requirepass in sentinel.conf); the data nodes’ password goes in REDIS_URL'),
  REDIS_MIN_REPLICAS_ACK: Joi.number()
    .integer()
    .min(0)
    .max(16)
    .default(0)
    .description('answer 202 only once this many replicas hold the message (Redis WAIT), else 503'),
  QUEUE_PREFIX: Joi.string()
    .pattern(/^[A-Za-z0-9_.:-]+$/)
    .max(64)
    .default('sms')
    .description('Redis key prefix for the queues'),
  GAMMU_BIN: Joi.string().default('gammu').description('gammu executable'),
  GAMMU_CONFIG: Joi.string()
    .default(() => `${os.homedir()}/.gammurc`)
    .description('gammurc of this worker’s modem'),
  GAMMU_SECTION: Joi.number().integer().min(0).description('gammurc section number (gammu -s N)'),
  GAMMU_SESSION: Joi.string()
    .valid('batch', 'oneshot')
    .default('batch')
    .description('batch: one gammu process kept open for every modem command (the device opened once); oneshot: one gammu process per command'),
  MODEM_ID: Joi.string()
    .max(64)
    .default(() => os.hostname())
    .description('name of this worker’s modem'),
  READINESS_POLL_MS: positiveMs().default(10_000).description('wait between network checks while not registered'),
  READINESS_TTL_MS: ms().default(30_000).description('how long a good network check is trusted'),
  ALLOW_ROAMING: Joi.boolean().truthy('1', 'yes', 'on').falsy('0', 'no', 'off').default(false),
  RETRY_NETWORK_CODES: Joi.string()
    .pattern(/^\s*\d+(\s*,\s*\d+)*\s*$/)
    .default('69')
    .messages({ 'string.pattern.base': 'RETRY_NETWORK_CODES must be a comma-separated list of numbers, e.g. 69,41,42' })
    .description('send-status codes retried without limit'),
  RETRY_NETWORK_BASE_MS: positiveMs().default(5_000),
  RETRY_NETWORK_MAX_MS: positiveMs().default(60_000),
  RETRY_OTHER_DELAY_MS: ms().default(10_000),
  RETRY_OTHER_MAX_ATTEMPTS: Joi.number().integer().min(1).default(5),
  GAMMU_SEND_TIMEOUT_MS: positiveMs().default(45_000),
  GAMMU_CHECK_TIMEOUT_MS: positiveMs().default(20_000),
  DASHBOARD_USER: Joi.string().default('admin'),
  DASHBOARD_PASSWORD: Joi.string()
    .min(MIN_DASHBOARD_PASSWORD_LENGTH)
    .messages({ 'string.min': `DASHBOARD_PASSWORD must be at least ${MIN_DASHBOARD_PASSWORD_LENGTH} characters` })
    .description('HTTP Basic password of the dashboard; unset: the dashboard is off'),
  DASHBOARD_READ_ONLY: Joi.boolean()
    .truthy('1', 'yes', 'on')
    .falsy('0', 'no', 'off')
    .default(false)
    .description('dashboard shows queues and jobs but cannot retry, promote, clean or delete'),
  LOG_LEVEL: Joi.string().valid('error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly').default('info'),
  LOG_FORMAT: Joi.string().valid('json', 'pretty').default('json'),
  SHUTDOWN_TIMEOUT_MS: positiveMs().default(30_000),
  MODEM_MAX_PER_MINUTE: Joi.number().integer().min(1).description('most SMS this modem sends in any minute (unset: no limit)'),
  MODEM_RATE_WINDOW_MS: positiveMs().default(60_000).description('the window MODEM_MAX_PER_MINUTE counts over (shorten only to test)'),
  MODEM_MIN_GAP_MS: ms().default(0).description('least time between two sends of this modem (plus up to 20% random jitter)'),
  MODEM_MAX_DEVICE_ERRORS: Joi.number().integer().min(1).default(3).description('consecutive device errors or timeouts before the modem is reset'),
  MODEM_RESET_COMMAND: Joi.string().description('extra command run after gammu reset SOFT (e.g. a USB reset), through /bin/sh'),
  MODEM_RESET_WAIT_MS: ms().default(5_000).description('wait after a reset before the network is checked again'),
  MODEM_SIGNAL_INTERVAL_MS: ms().default(300_000).description('how often an idle modem is asked for its signal strength (gammu monitor 1); 0: never'),
  MODEM_STATUS_INTERVAL_MS: positiveMs().default(15_000).description('how often the worker publishes its modem status'),
  MESSAGE_RETENTION_DAYS: Joi.number().min(0.001).max(3650).default(7).description('days a finished message stays queryable'),
  WEBHOOK_URL: Joi.string().uri({ scheme: ['http', 'https'] }).description('where final outcomes are POSTed (unset: only per-message callbackUrl)'),
  WEBHOOK_SECRET: Joi.string().min(16).description('HMAC-SHA256 key signing webhook bodies; required for any webhook'),
  WEBHOOK_TIMEOUT_MS: positiveMs().default(10_000).description('a receiver slower than this counts as failed'),
  WEBHOOK_MAX_ATTEMPTS: Joi.number().integer().min(1).max(100).default(12).description('deliveries tried before a webhook fails for good'),
  ALLOWED_NUMBER_PREFIXES: Joi.string()
    .pattern(/^\s*\+?\d{1,19}(\s*,\s*\+?\d{1,19})*\s*$/)
    .messages({ 'string.pattern.base': 'ALLOWED_NUMBER_PREFIXES must be a comma-separated list of number prefixes, e.g. +55,55' })
    .description('numbers must start with one of these (after formatting is stripped); unset: any number'),
  MAX_QUEUED_MESSAGES: Joi.number().integer().min(1).default(100_000).description('more unsent messages than this are refused (v1 429 queue_full, /enviar-sms 503)'),
  TRUST_PROXY: Joi.string()
    .custom((value: string, helpers) => (isTrustProxy(value) ? value : helpers.error('string.pattern.base')))
    .messages({
      'string.pattern.base': 'TRUST_PROXY must be a number of proxy hops (e.g. 1), or a comma-separated list of loopback, linklocal, uniquelocal, addresses or CIDR blocks',
    })
    .description('proxies (e.g. nginx) whose X-Forwarded-For names the client: a number of hops, or their addresses; unset: none, the peer address is the client'),
  CALLBACK_ALLOWED_HOSTS: Joi.string()
    .pattern(/^\s*[^\s,/]+(\s*,\s*[^\s,/]+)*\s*$/)
    .messages({ 'string.pattern.base': 'CALLBACK_ALLOWED_HOSTS must be a comma-separated list of host names or addresses, e.g. hooks.internal,10.0.0.7' })
    .description('hosts a message’s callbackUrl may name even when they are loopback, private or link-local (WEBHOOK_URL is always allowed)'),
  METRICS_TOKEN: Joi.string().description('Bearer token the API’s GET /metrics requires (unset: /metrics is open)'),
  WORKER_METRICS_PORT: Joi.number().port().description('port of the worker’s /metrics, /healthz and /readyz server (unset: no server)'),
  WORKER_METRICS_HOST: Joi.string().default('127.0.0.1').description('listen address of the worker’s metrics server (loopback unless a scraper elsewhere needs it)'),
  DELIVERY_REPORTS: Joi.boolean().truthy('1', 'yes', 'on').falsy('0', 'no', 'off').default(true).description('ask for a delivery report for every SMS (sendsms -report) and track it'),
  INBOX_POLL_MS: ms().default(15_000).description('how often the worker reads the modem’s stored messages (received SMS, delivery reports); 0: never'),
  DELIVERY_REPORT_WINDOW_MS: positiveMs().default(172_800_000).description('how long after a send its delivery report is still matched'),
  INBOUND_PART_WAIT_MS: ms().default(600_000).description('how long the parts of a concatenated SMS are waited for before what arrived is stored as incomplete'),
  REPLY_WINDOW_MS: ms().default(259_200_000).description('a received SMS is linked (inReplyTo) to the latest message sent to its sender within this window'),
  OPT_OUT_KEYWORDS: keywords().default('SAIR,PARAR,CANCELAR,STOP').description('a received SMS that is one of these opts its sender out; empty: off'),
  OPT_IN_KEYWORDS: keywords().default('VOLTAR,START').description('a received SMS that is one of these opts its sender back in'),
  PHONE_DEFAULT_REGION: Joi.string()
    .uppercase()
    .custom((region: string, helpers) => (isSupportedCountry(region) ? region : helpers.error('any.invalid')))
    .messages({ 'any.invalid': 'PHONE_DEFAULT_REGION must be a region code libphonenumber knows, e.g. BR' })
    .description('region code (e.g. BR): numbers are then compared in their international form; unset: by their digits'),
})
  .unknown(true)
  .custom((env: { RETRY_NETWORK_BASE_MS: number; RETRY_NETWORK_MAX_MS: number }, helpers) =>
    env.RETRY_NETWORK_MAX_MS < env.RETRY_NETWORK_BASE_MS
      ? helpers.message({ custom: 'RETRY_NETWORK_MAX_MS must not be smaller than RETRY_NETWORK_BASE_MS' })
      : env,
  );
