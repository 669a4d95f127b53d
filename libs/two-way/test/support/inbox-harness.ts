import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import { afterEach } from 'vitest';
import type { WebhookJobData } from '@sms-gateway/contracts';
import { GammuModem } from '@sms-gateway/gammu';
import { createLogger } from '@sms-gateway/logger';
import { createWorkerMetrics, type WorkerMetrics } from '@sms-gateway/metrics';
import { createWebhookQueue, queueWebhook, type WebhookQueue } from '@sms-gateway/queues';
import { createFakeGammu, deletePrefixKeys, SHARED_REDIS_URL, uniquePrefix, type FakeGammu, type FakeGammuScenario } from '@sms-gateway/testing';
import { createTwoWayStores, InboxPoller, type InboxModem, type InboxSettings, type TwoWayStores } from '@sms-gateway/two-way';

export const SETTINGS: InboxSettings & { deliveryReportWindowMs: number; replyWindowMs: number; phoneDefaultRegion?: string } = {
  inboxPollMs: 0, // the tests poll by hand
  inboundPartWaitMs: 600_000,
  optOutKeywords: ['SAIR', 'PARAR', 'CANCELAR', 'STOP'],
  optInKeywords: ['VOLTAR', 'START'],
  deliveryReportWindowMs: 172_800_000,
  replyWindowMs: 259_200_000,
  phoneDefaultRegion: 'BR',
};

export interface LogLine {
  readonly event?: string;
  readonly [key: string]: unknown;
}

export interface InboxUnderTest {
  readonly prefix: string;
  readonly redis: Redis;
  readonly gammu: FakeGammu;
  readonly modem: GammuModem;
  readonly stores: TwoWayStores;
  readonly webhooks: WebhookQueue;
  readonly metrics: WorkerMetrics;
  readonly poller: InboxPoller;
  readonly logs: LogLine[];
  /** Another poller on the same Redis and modem: a worker restarted. */
  restart(overrides?: Partial<typeof SETTINGS>): InboxPoller;
  /** The queued webhook jobs, oldest first. */
  queuedWebhooks(): Promise<WebhookJobData[]>;
}

/**
 * A poller wired as the worker wires it: the scripted modem through a GammuModem, the stores
 * and the webhook queue on the shared Redis under a prefix of its own, logs captured.
 */
export function useInboxHarness(label: string) {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  return function startInbox(options: { scenario?: FakeGammuScenario; settings?: Partial<typeof SETTINGS>; modem?: InboxModem } = {}): InboxUnderTest {
    const prefix = uniquePrefix(label);
    const redis = new Redis(SHARED_REDIS_URL);
    const gammu = createFakeGammu(options.scenario ?? {});
    const modem = new GammuModem({ bin: gammu.bin, config: '/dev/null', sendTimeoutMs: 5_000, checkTimeoutMs: 2_000, allowRoaming: false, killGraceMs: 200 });
    const webhooks = createWebhookQueue(redis, prefix, { maxAttempts: 3, retentionDays: 1 });
    const metrics = createWorkerMetrics({ modemId: 'modem-t' });
    const logs: LogLine[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line) as LogLine);
    });
    const logger = createLogger({ service: 'worker', level: 'debug', stream });
    const settings = { ...SETTINGS, ...options.settings };
    const stores = createTwoWayStores({ redis, prefix, retentionDays: 7, settings });
    const pollers: InboxPoller[] = [];
    const makePoller = (overrides: Partial<typeof SETTINGS> = {}) => {
      const poller = new InboxPoller({
        modem: options.modem ?? modem,
        modemId: 'modem-t',
        redis,
        prefix,
        stores: pollers.length === 0 ? stores : createTwoWayStores({ redis, prefix, retentionDays: 7, settings: { ...settings, ...overrides } }),
        settings: { ...settings, ...overrides },
        logger,
        notify: (event) => queueWebhook(webhooks, event),
        metrics,
      });
      pollers.push(poller);
      return poller;
    };
    const poller = makePoller();
    cleanups.push(async () => {
      await Promise.all(pollers.map((p) => p.stop()));
      await modem.close();
      await webhooks.close();
      redis.disconnect();
      await gammu.remove();
      await deletePrefixKeys(SHARED_REDIS_URL, prefix);
    });
    return {
      prefix,
      redis,
      gammu,
      modem,
      stores,
      webhooks,
      metrics,
      poller,
      logs,
      restart: makePoller,
      queuedWebhooks: async () =>
        (await webhooks.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).sort((a, b) => a.timestamp - b.timestamp).map((job) => job.data),
    };
  };
}
