import { existsSync } from 'node:fs';
import type { WorkerConfig } from '@sms-gateway/config';
import { SMS_JOB_NAMES, type WebhookJobData } from '@sms-gateway/contracts';
import { GammuModem, runProcess } from '@sms-gateway/gammu';
import { createWorkerMetrics, GAMMU_COMMANDS, startObservabilityServer, type GammuCommand } from '@sms-gateway/metrics';
import type { Logger } from '@sms-gateway/logger';
import type { Redis } from 'ioredis';
import { checkRedisPrimary, createSmsWorker, createWebhookQueue, createWorkerConnection, isRefused, queueWebhook } from '@sms-gateway/queues';
import { installGracefulShutdown } from '@sms-gateway/runtime';
import { createSendSmsProcessor, Modem, pauseWhileUnregistered, SendJournal, WorkerPresence } from '@sms-gateway/sms-sender';
import { createTwoWayStores, InboxPoller } from '@sms-gateway/two-way';
import { modemOptions } from './modem-options';
import { logRedisProblems } from './redis-problems';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Wires one modem to the queue and starts taking messages once the modem is registered. */
export async function startWorker(config: WorkerConfig, logger: Logger): Promise<void> {
  await assertGammuRuns(config.gammu.bin);
  if (!existsSync(config.gammu.config)) {
    // Not refused: a scripted GAMMU_BIN needs none. The real gammu then falls back to its
    // built-in device, which may be another modem than the one meant.
    logger.warn('GAMMU_CONFIG does not exist; gammu will use its built-in defaults (set GAMMU_CONFIG to this modem\'s gammurc)', {
      event: 'gammu_config_missing',
      gammuConfig: config.gammu.config,
    });
  }

  const metrics = createWorkerMetrics({ modemId: config.modemId });
  const connection = createWorkerConnection(config.redis);
  logRedisProblems(connection, logger);
  const gammu = new GammuModem({
    ...config.gammu,
    allowRoaming: config.readiness.allowRoaming,
    deliveryReports: config.twoWay.deliveryReports,
    onCommandDone: (command, result) => {
      const metric = command === 'monitor' ? 'getsignalquality' : command;
      if (isTimedCommand(metric)) metrics.gammuRunDuration.observe({ command: metric }, result.durationMs / 1000);
    },
  });
  const twoWay = createTwoWayStores({ redis: connection, prefix: config.queuePrefix, retentionDays: config.retentionDays, settings: config.twoWay });
  const modem = new Modem(modemOptions(config, { gammu, redis: connection, logger, metrics }));
  const presence = new WorkerPresence(connection, config.queuePrefix);
  const webhooks = createWebhookQueue(connection, config.queuePrefix, { maxAttempts: config.webhooks.maxAttempts, retentionDays: config.retentionDays });
  const shutdown = new AbortController();
  // Events go to the webhook queue only when someone listens; the API delivers them.
  const notify = async (event: WebhookJobData) => {
    if (event.callbackUrl || config.webhooks.url) await queueWebhook(webhooks, event);
  };

  const worker = createSmsWorker({
    connection,
    prefix: config.queuePrefix,
    policy: config.retry,
    name: `modem:${config.modemId}`,
    processors: {
      [SMS_JOB_NAMES.send]: createSendSmsProcessor({
        modem,
        journal: new SendJournal(connection, config.queuePrefix, config.retentionDays * DAY_MS),
        presence,
        policy: config.retry,
        logger,
        modemId: config.modemId,
        wasRefused: (jobId) => isRefused(connection, config.queuePrefix, jobId),
        isOptedOut: (number) => twoWay.optOuts.isOptedOut(number),
        // Remembered so that its delivery reports, and replies to it, can be matched later.
        onSent: (sent) => twoWay.deliveries.recordSend(sent),
        notify,
        signal: shutdown.signal,
      }),
    },
  });
  pauseWhileUnregistered({ worker, modem, logger, signal: shutdown.signal });
  // Received SMS and delivery reports: read through the same GammuModem, between sends.
  const inbox = new InboxPoller({
    modem: gammu,
    modemId: config.modemId,
    redis: connection,
    prefix: config.queuePrefix,
    stores: twoWay,
    settings: config.twoWay,
    logger,
    metrics,
    notify,
  });
  // A lost connection is logged once by logRedisProblems; without a listener BullMQ would print it raw.
  webhooks.on('error', (error) => logger.debug('webhook queue error', { event: 'queue_error', error: error.message }));
  worker.on('error', (error) => logger.error('queue error', { event: 'queue_error', error: error.message }));
  worker.on('stalled', (jobId) =>
    logger.warn('message was interrupted (its worker stopped or lost Redis mid-run); it is queued again', { event: 'stalled', messageId: jobId }),
  );

  const observability =
    config.metrics.port === undefined
      ? undefined
      : await startObservabilityServer({
          port: config.metrics.port,
          host: config.metrics.host,
          registry: metrics.registry,
          ready: () => workerReadiness(connection, modem),
        });

  installGracefulShutdown({
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    stop: async () => {
      shutdown.abort();
      const inboxStopped = inbox.stop(); // no new modem reads; the entry in hand is finished
      const redisAway = connection.status !== 'ready';
      if (redisAway) {
        // Nothing can be handed back or recorded: drop the pending commands rather than wait for
        // a Redis that may not return before the process is killed. A job in flight is left
        // active (it is taken again once its lock lapses); an SMS the inbox was storing stays on
        // the modem and is read again (and stored once) next time.
        connection.disconnect();
        await worker.close(true);
      } else {
        await worker.close(); // waits for the send in progress to finish and be recorded
        await inboxStopped;
      }
      await modem.stop(); // lets a running gammu command end, closes the session, frees the device
      await presence.stop();
      await observability?.close();
      if (redisAway) return;
      await webhooks.close().catch(() => undefined);
      await connection.quit().catch(() => connection.disconnect());
    },
  });

  logger.info('worker started', {
    event: 'started',
    queuePrefix: config.queuePrefix,
    gammuConfig: config.gammu.config,
    // batch, unless GAMMU_SESSION=oneshot or stdbuf is missing (then every command is one gammu run)
    gammuSession: gammu.session,
    retryNetworkCodes: config.retry.networkCodes,
  });
  presence.start();
  const network = await modem.start();
  if (!network) return; // stopped while waiting for the device
  inbox.start(); // holding the device now; stored messages are read whether or not the modem is registered
  if (network.registered) {
    logger.info('network ok', { event: 'network_ok', networkState: network.state, network: network.network });
    void worker.run();
  }
  // Otherwise the worker starts paused (the modem's answer paused it) and runs once registered.
}

/** Ready when Redis answers as a primary (not while it is away, or demoted in a failover) and the modem can send. */
async function workerReadiness(connection: Redis, modem: Modem): Promise<{ ready: boolean; reason?: string }> {
  if (connection.status !== 'ready') return { ready: false, reason: 'Redis unreachable' };
  const redis = await checkRedisPrimary(connection, { minReplicas: 0, timeoutMs: 1_000 });
  return redis.ready ? modem.readiness() : redis;
}

function isTimedCommand(command: string): command is GammuCommand {
  return (GAMMU_COMMANDS as readonly string[]).includes(command);
}

/** A missing gammu is a configuration error, not a reason to wait forever. */
async function assertGammuRuns(bin: string): Promise<void> {
  const result = await runProcess(bin, ['--version'], { timeoutMs: 10_000 });
  if (result.spawnError) {
    throw new Error(`cannot run gammu (${bin}): ${result.spawnError.message}. Install it (Debian: apt-get install gammu) or set GAMMU_BIN.`);
  }
}
