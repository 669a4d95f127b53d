import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config.error';
import { EXAMPLE_TOKENS } from './example-tokens';
import { loadApiConfig, loadWorkerConfig } from './load-config';

const TOKEN = 'a-long-random-secret';

/** The defaults both processes share (the contract's Environment table). */
const COMMON_DEFAULTS = {
  redis: { url: 'redis://127.0.0.1:6379', minReplicasAck: 0 },
  queuePrefix: 'sms',
  log: { level: 'info', format: 'json' },
  shutdownTimeoutMs: 30_000,
  retentionDays: 7,
  webhooks: { timeoutMs: 10_000, maxAttempts: 12, allowedCallbackHosts: [] },
  twoWay: {
    deliveryReports: true,
    inboxPollMs: 15_000,
    deliveryReportWindowMs: 172_800_000,
    inboundPartWaitMs: 600_000,
    replyWindowMs: 259_200_000,
    optOutKeywords: ['SAIR', 'PARAR', 'CANCELAR', 'STOP'],
    optInKeywords: ['VOLTAR', 'START'],
  },
};

/** The problems of the ConfigError that `load` throws. */
function problemsOf(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

describe('loadApiConfig', () => {
  it('has the defaults of the contract’s Environment table', () => {
    expect(loadApiConfig({ SMS_API_TOKEN: TOKEN })).toEqual({
      port: 5000,
      host: '0.0.0.0',
      token: TOKEN,
      limits: { maxQueuedMessages: 100_000, allowedNumberPrefixes: [] },
      trustProxy: [],
      ...COMMON_DEFAULTS,
      metrics: {},
    });
  });

  it('reads every API variable', () => {
    expect(
      loadApiConfig({
        SMS_API_TOKEN: TOKEN,
        PORT: '8080',
        HOST: '127.0.0.1',
        REDIS_URL: 'rediss://user:pass@redis.internal:6380/2',
        QUEUE_PREFIX: 'sms-test:1',
        DASHBOARD_USER: 'ops',
        DASHBOARD_PASSWORD: 'dashboard-secret',
        DASHBOARD_READ_ONLY: 'true',
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'pretty',
        SHUTDOWN_TIMEOUT_MS: '5000',
        MESSAGE_RETENTION_DAYS: '30',
        WEBHOOK_URL: 'https://hooks.example.com/sms',
        WEBHOOK_SECRET: 'a-webhook-secret-of-32-characters',
        WEBHOOK_TIMEOUT_MS: '2000',
        WEBHOOK_MAX_ATTEMPTS: '3',
        CALLBACK_ALLOWED_HOSTS: 'hooks.internal, 10.0.0.7',
        TRUST_PROXY: 'loopback, 172.16.0.0/12',
        MAX_QUEUED_MESSAGES: '5000',
        ALLOWED_NUMBER_PREFIXES: '+55, 55',
        METRICS_TOKEN: 'a-metrics-token',
        DELIVERY_REPORTS: 'false',
        INBOX_POLL_MS: '0',
        DELIVERY_REPORT_WINDOW_MS: '3600000',
        INBOUND_PART_WAIT_MS: '1000',
        REPLY_WINDOW_MS: '7200000',
        OPT_OUT_KEYWORDS: ' SAIR, Pare já ,',
        OPT_IN_KEYWORDS: '',
        PHONE_DEFAULT_REGION: 'br',
      }),
    ).toEqual({
      port: 8080,
      host: '127.0.0.1',
      token: TOKEN,
      limits: { maxQueuedMessages: 5_000, allowedNumberPrefixes: ['+55', '55'] },
      trustProxy: ['loopback', '172.16.0.0/12'],
      redis: { url: 'rediss://user:pass@redis.internal:6380/2', minReplicasAck: 0 },
      queuePrefix: 'sms-test:1',
      dashboard: { user: 'ops', password: 'dashboard-secret', readOnly: true },
      log: { level: 'debug', format: 'pretty' },
      shutdownTimeoutMs: 5_000,
      retentionDays: 30,
      webhooks: {
        url: 'https://hooks.example.com/sms',
        secret: 'a-webhook-secret-of-32-characters',
        timeoutMs: 2_000,
        maxAttempts: 3,
        allowedCallbackHosts: ['hooks.internal', '10.0.0.7'],
      },
      twoWay: {
        deliveryReports: false,
        inboxPollMs: 0,
        deliveryReportWindowMs: 3_600_000,
        inboundPartWaitMs: 1_000,
        replyWindowMs: 7_200_000,
        optOutKeywords: ['SAIR', 'Pare já'],
        optInKeywords: [],
        phoneDefaultRegion: 'BR',
      },
      metrics: { token: 'a-metrics-token' },
    });
  });

  it('leaves /metrics open unless METRICS_TOKEN is set (an empty one counts as unset)', () => {
    expect(loadApiConfig({ SMS_API_TOKEN: TOKEN }).metrics).not.toHaveProperty('token');
    expect(loadApiConfig({ SMS_API_TOKEN: TOKEN, METRICS_TOKEN: '' }).metrics).not.toHaveProperty('token');
    expect(loadApiConfig({ SMS_API_TOKEN: TOKEN, METRICS_TOKEN: 'scrape-me' }).metrics.token).toBe('scrape-me');
  });

  it('refuses to start without SMS_API_TOKEN, naming it', () => {
    const problems = problemsOf(() => loadApiConfig({}));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('SMS_API_TOKEN');
  });

  it('refuses a WEBHOOK_URL without a WEBHOOK_SECRET to sign deliveries', () => {
    const problems = problemsOf(() => loadApiConfig({ SMS_API_TOKEN: TOKEN, WEBHOOK_URL: 'https://hooks.example.com/sms' }));
    expect(problems).toEqual([expect.stringContaining('WEBHOOK_SECRET')]);
  });

  it('refuses the old placeholder token SEU_TOKEN_SUPER_SECRETO_AQUI', () => {
    const problems = problemsOf(() => loadApiConfig({ SMS_API_TOKEN: 'SEU_TOKEN_SUPER_SECRETO_AQUI' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('SMS_API_TOKEN');
  });

  it('refuses a token of 15 characters and accepts one of 16', () => {
    const problems = problemsOf(() => loadApiConfig({ SMS_API_TOKEN: 'x'.repeat(15) }));
    expect(problems).toEqual([expect.stringMatching(/^SMS_API_TOKEN must be at least 16 characters/)]);
    expect(loadApiConfig({ SMS_API_TOKEN: 'x'.repeat(16) }).token).toBe('x'.repeat(16));
  });

  it.each(EXAMPLE_TOKENS)('refuses the example token %s shipped in the repository', (token) => {
    const problems = problemsOf(() => loadApiConfig({ SMS_API_TOKEN: token }));
    expect(problems).toEqual([expect.stringMatching(/^SMS_API_TOKEN is an example value/)]);
  });

  it.each([' SEU_TOKEN_SUPER_SECRETO_AQUI ', 'seu_token_super_secreto_aqui', 'YOUR_TOKEN\n'])('refuses the example token %j however it is spaced or cased', (token) => {
    expect(problemsOf(() => loadApiConfig({ SMS_API_TOKEN: token }))).toEqual([expect.stringMatching(/^SMS_API_TOKEN is an example value/)]);
  });

  it.each([' '.repeat(16), ' a-long-random-secret', 'a-long-random-secret\n'])('refuses the token %j, which begins or ends with spaces', (token) => {
    expect(problemsOf(() => loadApiConfig({ SMS_API_TOKEN: token }))).toEqual([expect.stringMatching(/^SMS_API_TOKEN must not begin or end with spaces/)]);
  });

  it('refuses the example token of .env.example before this change', () => {
    expect(problemsOf(() => loadApiConfig({ SMS_API_TOKEN: 'change-me-to-a-long-random-secret' }))).toHaveLength(1);
  });

  it('treats an empty SMS_API_TOKEN as missing', () => {
    expect(problemsOf(() => loadApiConfig({ SMS_API_TOKEN: '' }))[0]).toContain('SMS_API_TOKEN');
  });

  it('treats empty strings as unset, so the defaults apply', () => {
    const config = loadApiConfig({ SMS_API_TOKEN: TOKEN, PORT: '', HOST: '', LOG_LEVEL: '', DASHBOARD_PASSWORD: '' });
    expect(config).toMatchObject({ port: 5000, host: '0.0.0.0', log: { level: 'info' } });
    expect(config.dashboard).toBeUndefined();
  });

  it('leaves the dashboard off without DASHBOARD_PASSWORD (it never defaults to the API token)', () => {
    expect(loadApiConfig({ SMS_API_TOKEN: TOKEN }).dashboard).toBeUndefined();
    expect(loadApiConfig({ SMS_API_TOKEN: TOKEN, DASHBOARD_PASSWORD: 'twelve-chars' }).dashboard).toEqual({ user: 'admin', password: 'twelve-chars', readOnly: false });
  });

  it('refuses a DASHBOARD_PASSWORD equal to the API token', () => {
    expect(problemsOf(() => loadApiConfig({ SMS_API_TOKEN: TOKEN, DASHBOARD_PASSWORD: TOKEN }))).toEqual([
      'DASHBOARD_PASSWORD must not be the API token (SMS_API_TOKEN); choose a password of its own',
    ]);
  });

  it('refuses ALLOWED_NUMBER_PREFIXES that are not number prefixes', () => {
    for (const value of ['+55,', 'BR', '+55 11', '5-5']) {
      expect(problemsOf(() => loadApiConfig({ SMS_API_TOKEN: TOKEN, ALLOWED_NUMBER_PREFIXES: value }))).toEqual([expect.stringMatching(/^ALLOWED_NUMBER_PREFIXES must be/)]);
    }
  });

  it('refuses a TRUST_PROXY that would believe any X-Forwarded-For', () => {
    for (const value of ['true', '*', '0.0.0.0/-1', 'nginx', '1,loopback']) {
      expect(problemsOf(() => loadApiConfig({ SMS_API_TOKEN: TOKEN, TRUST_PROXY: value }))).toEqual([expect.stringMatching(/^TRUST_PROXY must be/)]);
    }
  });

  it('refuses a DASHBOARD_PASSWORD of 11 characters', () => {
    expect(problemsOf(() => loadApiConfig({ SMS_API_TOKEN: TOKEN, DASHBOARD_PASSWORD: 'eleven-char' }))).toEqual([
      'DASHBOARD_PASSWORD must be at least 12 characters',
    ]);
  });

  it('reports every bad variable in one ConfigError', () => {
    const problems = problemsOf(() =>
      loadApiConfig({
        PORT: 'eighty',
        REDIS_URL: 'http://localhost:6379',
        LOG_LEVEL: 'loud',
        SHUTDOWN_TIMEOUT_MS: '-1',
      }),
    );
    for (const name of ['SMS_API_TOKEN', 'PORT', 'REDIS_URL', 'LOG_LEVEL', 'SHUTDOWN_TIMEOUT_MS']) {
      expect(problems.filter((problem) => problem.includes(name))).toHaveLength(1);
    }
    expect(problems).toHaveLength(5);
  });

  it('says what is wrong in the error message too, on one line', () => {
    try {
      loadApiConfig({ PORT: '70000' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).name).toBe('ConfigError');
      expect((error as Error).message).toContain('PORT');
      expect((error as Error).message).toContain('SMS_API_TOKEN');
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it.each([['65536'], ['-1'], ['80.5'], ['http']])('refuses PORT=%s', (port) => {
    expect(problemsOf(() => loadApiConfig({ SMS_API_TOKEN: TOKEN, PORT: port })).join(' ')).toContain('PORT');
  });

  it.each([['has space'], ['a/b'], ['x'.repeat(65)]])('refuses QUEUE_PREFIX=%j', (prefix) => {
    expect(problemsOf(() => loadApiConfig({ SMS_API_TOKEN: TOKEN, QUEUE_PREFIX: prefix })).join(' ')).toContain(
      'QUEUE_PREFIX',
    );
  });

  it('accepts PORT=0 (any free port, as the in-process tests use)', () => {
    expect(loadApiConfig({ SMS_API_TOKEN: TOKEN, PORT: '0' }).port).toBe(0);
  });

  it('ignores variables it does not know', () => {
    expect(loadApiConfig({ SMS_API_TOKEN: TOKEN, PATH: '/usr/bin', HOME: '/root' })).toMatchObject({ port: 5000 });
  });

  describe('reads only the environment it is given', () => {
    const saved = process.env.PORT;
    afterEach(() => {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    });

    it('not process.env', () => {
      process.env.PORT = '1234';
      expect(loadApiConfig({ SMS_API_TOKEN: TOKEN }).port).toBe(5000);
    });
  });

  it('returns a frozen object, nested objects included', () => {
    const config = loadApiConfig({ SMS_API_TOKEN: TOKEN, DASHBOARD_PASSWORD: 'dashboard-secret' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.dashboard)).toBe(true);
    expect(Object.isFrozen(config.log)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.dashboard as { password: string }).password = 'x';
    }).toThrow(TypeError);
  });
});

describe('loadWorkerConfig', () => {
  it('has the defaults of the contract’s Environment table, and needs no API token', () => {
    expect(loadWorkerConfig({})).toEqual({
      ...COMMON_DEFAULTS,
      modemId: os.hostname(),
      gammu: {
        bin: 'gammu',
        config: `${os.homedir()}/.gammurc`,
        session: 'batch',
        sendTimeoutMs: 45_000,
        checkTimeoutMs: 20_000,
      },
      readiness: { pollMs: 10_000, ttlMs: 30_000, allowRoaming: false },
      retry: {
        networkCodes: [69],
        networkBaseMs: 5_000,
        networkMaxMs: 60_000,
        otherDelayMs: 10_000,
        otherMaxAttempts: 5,
      },
      fleet: { rateWindowMs: 60_000, minGapMs: 0, maxDeviceErrors: 3, resetWaitMs: 5_000, signalIntervalMs: 300_000, statusIntervalMs: 15_000 },
      metrics: { host: '127.0.0.1' },
    });
  });

  it('serves worker metrics only when WORKER_METRICS_PORT is set', () => {
    expect(loadWorkerConfig({}).metrics).not.toHaveProperty('port');
    expect(loadWorkerConfig({ WORKER_METRICS_PORT: '' }).metrics).not.toHaveProperty('port');
    expect(loadWorkerConfig({ WORKER_METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadWorkerConfig({ WORKER_METRICS_PORT: '0', WORKER_METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ port: 0, host: '0.0.0.0' });
  });

  it.each([['65536'], ['-1'], ['9464.5'], ['metrics']])('refuses WORKER_METRICS_PORT=%s', (port) => {
    expect(problemsOf(() => loadWorkerConfig({ WORKER_METRICS_PORT: port })).join(' ')).toContain('WORKER_METRICS_PORT');
  });

  it('leaves the gammurc section out unless GAMMU_SECTION is set', () => {
    expect(loadWorkerConfig({}).gammu).not.toHaveProperty('section');
    expect(loadWorkerConfig({ GAMMU_SECTION: '' }).gammu).not.toHaveProperty('section');
    expect(loadWorkerConfig({ GAMMU_SECTION: '0' }).gammu.section).toBe(0);
    expect(loadWorkerConfig({ GAMMU_SECTION: '2' }).gammu.section).toBe(2);
  });

  it('reads every worker variable', () => {
    const config = loadWorkerConfig({
      GAMMU_BIN: '/opt/gammu/bin/gammu',
      GAMMU_CONFIG: '/etc/gammu/modem-1.rc',
      GAMMU_SECTION: '1',
      GAMMU_SESSION: 'oneshot',
      MODEM_ID: 'modem-1',
      READINESS_POLL_MS: '500',
      READINESS_TTL_MS: '0',
      ALLOW_ROAMING: 'true',
      RETRY_NETWORK_CODES: '69,41,42,38',
      RETRY_NETWORK_BASE_MS: '1000',
      RETRY_NETWORK_MAX_MS: '8000',
      RETRY_OTHER_DELAY_MS: '250',
      RETRY_OTHER_MAX_ATTEMPTS: '3',
      GAMMU_SEND_TIMEOUT_MS: '90000',
      GAMMU_CHECK_TIMEOUT_MS: '15000',
    });
    expect(config).toMatchObject({
      modemId: 'modem-1',
      gammu: {
        bin: '/opt/gammu/bin/gammu',
        config: '/etc/gammu/modem-1.rc',
        section: 1,
        session: 'oneshot',
        sendTimeoutMs: 90_000,
        checkTimeoutMs: 15_000,
      },
      readiness: { pollMs: 500, ttlMs: 0, allowRoaming: true },
      retry: { networkCodes: [69, 41, 42, 38], networkBaseMs: 1_000, networkMaxMs: 8_000, otherDelayMs: 250, otherMaxAttempts: 3 },
    });
  });

  it.each([
    ['69, 42', [69, 42]],
    [' 69 ,41 , 42 ', [69, 41, 42]],
    ['42', [42]],
  ])('parses RETRY_NETWORK_CODES=%j as %j', (codes, expected) => {
    expect(loadWorkerConfig({ RETRY_NETWORK_CODES: codes }).retry.networkCodes).toEqual(expected);
  });

  it.each([['69;42'], ['69,'], ['sixty-nine'], ['69,,42'], ['-69']])('refuses RETRY_NETWORK_CODES=%j', (codes) => {
    expect(problemsOf(() => loadWorkerConfig({ RETRY_NETWORK_CODES: codes })).join(' ')).toContain('RETRY_NETWORK_CODES');
  });

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['on', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['off', false],
  ])('reads ALLOW_ROAMING=%s as %s', (value, expected) => {
    expect(loadWorkerConfig({ ALLOW_ROAMING: value }).readiness.allowRoaming).toBe(expected);
  });

  it('refuses an ALLOW_ROAMING it cannot read', () => {
    expect(problemsOf(() => loadWorkerConfig({ ALLOW_ROAMING: 'maybe' })).join(' ')).toContain('ALLOW_ROAMING');
  });

  it('refuses a network backoff maximum below its base', () => {
    const problems = problemsOf(() => loadWorkerConfig({ RETRY_NETWORK_BASE_MS: '10000', RETRY_NETWORK_MAX_MS: '5000' }));
    expect(problems.join(' ')).toContain('RETRY_NETWORK_MAX_MS');
  });

  it('refuses a base above the default maximum', () => {
    expect(problemsOf(() => loadWorkerConfig({ RETRY_NETWORK_BASE_MS: '120000' })).join(' ')).toContain(
      'RETRY_NETWORK_MAX_MS',
    );
  });

  it.each([
    ['READINESS_POLL_MS', '0'],
    ['GAMMU_SEND_TIMEOUT_MS', '0'],
    ['GAMMU_CHECK_TIMEOUT_MS', 'soon'],
    ['RETRY_OTHER_MAX_ATTEMPTS', '0'],
    ['RETRY_OTHER_DELAY_MS', '-1'],
    ['READINESS_TTL_MS', '1.5'],
    ['GAMMU_SECTION', '-1'],
    ['GAMMU_SESSION', 'both'],
  ])('refuses %s=%s', (name, value) => {
    expect(problemsOf(() => loadWorkerConfig({ [name]: value })).join(' ')).toContain(name);
  });

  it('reports every bad worker variable in one ConfigError', () => {
    const problems = problemsOf(() =>
      loadWorkerConfig({ READINESS_POLL_MS: '0', ALLOW_ROAMING: 'maybe', RETRY_NETWORK_CODES: 'x', GAMMU_SECTION: 'two' }),
    );
    for (const name of ['READINESS_POLL_MS', 'ALLOW_ROAMING', 'RETRY_NETWORK_CODES', 'GAMMU_SECTION']) {
      expect(problems.some((problem) => problem.includes(name))).toBe(true);
    }
    expect(problems).toHaveLength(4);
  });

  it('treats empty strings as unset, so the defaults apply', () => {
    expect(
      loadWorkerConfig({ RETRY_NETWORK_CODES: '', ALLOW_ROAMING: '', READINESS_POLL_MS: '', MODEM_ID: '', GAMMU_BIN: '' }),
    ).toMatchObject({
      modemId: os.hostname(),
      gammu: { bin: 'gammu' },
      readiness: { pollMs: 10_000, allowRoaming: false },
      retry: { networkCodes: [69] },
    });
  });

  it('returns a frozen object, down to the list of network codes', () => {
    const config = loadWorkerConfig({ RETRY_NETWORK_CODES: '69, 42' });
    for (const part of [config, config.gammu, config.readiness, config.retry, config.retry.networkCodes, config.log, config.metrics]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
    expect(() => {
      (config.retry.networkCodes as number[]).push(1);
    }).toThrow(TypeError);
  });
});

describe('two-way settings', () => {
  it('turns opting out (or in) by SMS off with an empty keyword list, though empty means unset elsewhere', () => {
    expect(loadWorkerConfig({ OPT_OUT_KEYWORDS: '', OPT_IN_KEYWORDS: '' }).twoWay).toMatchObject({ optOutKeywords: [], optInKeywords: [] });
    expect(loadWorkerConfig({ INBOX_POLL_MS: '' }).twoWay.inboxPollMs).toBe(15_000);
  });

  it('refuses a region libphonenumber does not know, and a negative poll interval', () => {
    expect(problemsOf(() => loadWorkerConfig({ PHONE_DEFAULT_REGION: 'XX', INBOX_POLL_MS: '-1' }))).toEqual([
      'INBOX_POLL_MS must be greater than or equal to 0',
      'PHONE_DEFAULT_REGION must be a region code libphonenumber knows, e.g. BR',
    ]);
  });
});
