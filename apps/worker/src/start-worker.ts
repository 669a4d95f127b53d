import type { WorkerConfig } from '@sms-gateway/config';
import { SMS_JOB_NAMES } from '@sms-gateway/contracts';
import { GammuModem, runProcess, type ProcessRunner } from '@sms-gateway/gammu';
import { createWorkerMetrics, GAMMU_COMMANDS, startObservabilityServer, type WorkerMetrics } from '@sms-gateway/metrics';
import type { Logger } from '@sms-gateway/logger';
import { createSmsWorker, createWebhookQueue, createWorkerConnection, isRefused, queueWebhook } from '@sms-gateway/queues';
import { installGracefulShutdown } from '@sms-gateway/runtime';
import { createSendSmsProcessor, pauseWhileUnregistered, ReadinessGate } from '@sms-gateway/sms-sender';
import { createModemUpkeep } from './modem-upkeep';

/** Wires one modem to the queue and starts taking messages once the modem is registered. */
export async function startWorker(config: WorkerConfig, logger: Logger): Promise<void> {
  await assertGammuRuns(config.gammu.bin);

  const metrics = createWorkerMetrics({ modemId: config.modemId });
  const modem = new GammuModem({ ...config.gammu, allowRoaming: config.readiness.allowRoaming, run: timedRunner(metrics) });
  const connection = createWorkerConnection(config.redis);
  const shutdown = new AbortController();
  const upkeep = createModemUpkeep({ config, logger, redis: connection, modem, gate: () => gate, signal: shutdown.signal, metrics });
  const gate = new ReadinessGate({
    checkNetwork: async () => {
      const network = await modem.checkNetwork();
      metrics.modemRegistered.set(network.registered ? 1 : 0);
      const { state } = upkeep.status.current;
      upkeep.status.update({
        registered: network.registered,
        networkState: network.state,
        ...(network.network ? { network: network.network } : {}),
        ...(!network.registered ? { state: 'waiting_network' } : state === 'waiting_network' || state === 'starting' ? { state: 'idle' } : {}),
      });
      return network;
    },
    ttlMs: config.readiness.ttlMs,
    pollMs: config.readiness.pollMs,
  });
  const webhooks = createWebhookQueue(connection, config.queuePrefix, {
    maxAttempts: config.webhooks.maxAttempts,
    retentionDays: config.retentionDays,
  });

  let onModemNotReady: (state: string) => void = () => undefined;
  const worker = createSmsWorker({
    connection,
    prefix: config.queuePrefix,
    policy: config.retry,
    name: `modem:${config.modemId}`,
    processors: {
      [SMS_JOB_NAMES.send]: createSendSmsProcessor({
        modem,
        gate,
        policy: config.retry,
        logger,
        modemId: config.modemId,
        onModemNotReady: (state) => onModemNotReady(state),
        hooks: upkeep.hooks,
        wasRefused: (jobId) => isRefused(connection, config.queuePrefix, jobId),
        // Outcomes go to the webhook queue only when someone listens; the API delivers them.
        notify: async (event) => {
          if (event.callbackUrl || config.webhooks.url) await queueWebhook(webhooks, event);
        },
      }),
    },
  });
  onModemNotReady = pauseWhileUnregistered({ worker, gate, logger, signal: shutdown.signal });

  worker.on('error', (error) => logger.error('queue error', { event: 'queue_error', error: error.message }));
  worker.on('stalled', (jobId) =>
    logger.warn('message was interrupted (a worker stopped mid-send); it is queued again', {
      event: 'stalled',
      messageId: jobId,
    }),
  );

  const observability =
    config.metrics.port === undefined
      ? undefined
      : await startObservabilityServer({ port: config.metrics.port, host: config.metrics.host, registry: metrics.registry, ready: () => upkeep.readiness() });

  installGracefulShutdown({
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    stop: async () => {
      shutdown.abort();
      await worker.close(); // waits for the send in progress to finish and be recorded
      await modem.idle(); // a network check may still be running: let it end rather than orphan it on the modem
      await upkeep.stop();
      await observability?.close();
      await webhooks.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  });

  logger.info('worker started', {
    event: 'started',
    queuePrefix: config.queuePrefix,
    gammuConfig: config.gammu.config,
    retryNetworkCodes: config.retry.networkCodes,
  });
  upkeep.status.start();
  if (!(await upkeep.lockDevice())) return; // stopped while waiting for the device
  const network = await gate.check();
  upkeep.startSignalReadings();
  if (network.registered) {
    logger.info('network ok', { event: 'network_ok', networkState: network.state, network: network.network });
    void worker.run();
  } else {
    // Start paused: resume() runs the worker once the modem registers.
    onModemNotReady(network.state);
  }
}

/** Runs gammu and records how long each command took. */
function timedRunner(metrics: WorkerMetrics): ProcessRunner {
  return async (file, args, options) => {
    const result = await runProcess(file, args, options);
    const command = GAMMU_COMMANDS.find((name) => args.includes(name === 'getsignalquality' ? 'monitor' : name));
    if (command) metrics.gammuRunDuration.observe({ command }, result.durationMs / 1000);
    return result;
  };
}

/** A missing gammu is a configuration error, not a reason to wait forever. */
async function assertGammuRuns(bin: string): Promise<void> {
  const result = await runProcess(bin, ['--version'], { timeoutMs: 10_000 });
  if (result.spawnError) {
    throw new Error(
      `cannot run gammu (${bin}): ${result.spawnError.message}. Install it (Debian: apt-get install gammu) or set GAMMU_BIN.`,
    );
  }
}
