import { hostname } from 'node:os';
import { realpathSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { WorkerConfig } from '@sms-gateway/config';
import { readGammuDevice, runProcess, type GammuModem } from '@sms-gateway/gammu';
import type { Logger } from '@sms-gateway/logger';
import type { WorkerMetrics } from '@sms-gateway/metrics';
import { createSendHooks, DeviceLock, ModemStatus, ModemWatchdog, SendPacer, type ReadinessGate } from '@sms-gateway/sms-sender';

/**
 * Everything that keeps one modem healthy around its sends: the device lock, the status
 * heartbeat, carrier-limit pacing and the watchdog that resets a hung modem.
 */
export function createModemUpkeep(deps: {
  config: WorkerConfig;
  logger: Logger;
  redis: Redis;
  modem: GammuModem;
  gate: () => ReadinessGate;
  signal: AbortSignal;
  metrics: WorkerMetrics;
}) {
  const { config, logger, redis, modem, metrics } = deps;
  const status = new ModemStatus(redis, config.queuePrefix, {
    modemId: config.modemId,
    host: hostname(),
    pid: process.pid,
    intervalMs: config.fleet.statusIntervalMs,
  });
  const device = serialDeviceOf(config);
  const lock = device ? new DeviceLock(redis, config.queuePrefix, device, config.modemId) : undefined;

  const resetModem = async (reason: string) => {
    status.update({ state: 'resetting', resets: status.current.resets + 1 });
    metrics.modemResets.inc();
    logger.warn('resetting the modem', { event: 'modem_reset', reason });
    const reset = await modem.softReset();
    logger.info('gammu reset SOFT done', { event: 'modem_reset', step: 'soft_reset', exitCode: reset.exitCode, timedOut: reset.timedOut });
    if (config.fleet.resetCommand) {
      const command = await runProcess('/bin/sh', ['-c', config.fleet.resetCommand], { timeoutMs: config.gammu.checkTimeoutMs });
      logger.info('reset command done', { event: 'modem_reset', step: 'reset_command', exitCode: command.exitCode, timedOut: command.timedOut });
    }
    await sleep(config.fleet.resetWaitMs, undefined, { signal: deps.signal }).catch(() => undefined);
    deps.gate().invalidate(); // the next send re-checks the network first
    status.update({ state: 'idle' });
    logger.info('modem reset; the network is checked again before the next send', { event: 'modem_reset', step: 'done' });
  };

  const hooks = createSendHooks({
    pacer: new SendPacer({
      ...(config.fleet.maxPerMinute ? { maxPerMinute: config.fleet.maxPerMinute } : {}),
      windowMs: config.fleet.rateWindowMs,
      minGapMs: config.fleet.minGapMs,
    }),
    watchdog: new ModemWatchdog({ maxDeviceErrors: config.fleet.maxDeviceErrors, reset: resetModem }),
    status,
    metrics,
    signal: deps.signal,
  });

  /** Asks an idle, registered modem for its signal now and then; a busy one is not disturbed. */
  let signalTimer: NodeJS.Timeout | undefined;
  const readSignal = async () => {
    const { state, registered } = status.current;
    if (state !== 'idle' || !registered || deps.signal.aborted) return;
    const dbm = await modem.signalStrength();
    if (dbm === undefined) return;
    status.update({ signalDbm: dbm });
    metrics.signalStrength.set(dbm);
  };

  return {
    status,
    hooks,
    /** Starts the periodic signal reading (MODEM_SIGNAL_INTERVAL_MS; 0 turns it off). */
    startSignalReadings(): void {
      if (config.fleet.signalIntervalMs <= 0) return;
      // The first reading comes after one interval: a modem just started has sends to make.
      signalTimer = setInterval(() => void readSignal(), config.fleet.signalIntervalMs);
      signalTimer.unref();
    },
    /** /readyz of the worker: false while the modem cannot send. */
    async readiness(): Promise<{ ready: boolean; reason?: string }> {
      const { state, registered, networkState } = status.current;
      if (state === 'waiting_device' || state === 'resetting' || state === 'stopped' || state === 'starting') return { ready: false, reason: `modem ${state}` };
      return registered ? { ready: true } : { ready: false, reason: `modem not registered: ${networkState ?? 'unknown'}` };
    },
    /** Waits until no other worker on this host uses the same device; false when stopped first. */
    async lockDevice(): Promise<boolean> {
      if (!lock) return !deps.signal.aborted;
      status.update({ state: 'waiting_device' });
      return lock.acquire(deps.signal, (holder) =>
        logger.warn('the modem device is in use by another worker; waiting for it', {
          event: 'waiting_device',
          device: lock.device,
          heldBy: holder ? `${holder.modemId} (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : 'unknown',
        }),
      );
    },
    async stop(): Promise<void> {
      clearInterval(signalTimer);
      await status.stop();
      await lock?.release();
    },
  };
}

/**
 * The serial device this worker's gammurc points at, resolved so that two spellings of one
 * device match (e.g. /dev/serial/by-id/… and /dev/ttyUSB0). Undefined when it is not a
 * character device: gammu's dummy driver (a folder) can be shared, and a missing device
 * makes gammu fail on its own.
 */
function serialDeviceOf(config: WorkerConfig): string | undefined {
  const device = readGammuDevice(config.gammu.config, config.gammu.section);
  if (!device) return undefined;
  try {
    const path = realpathSync(device);
    return statSync(path).isCharacterDevice() ? path : undefined;
  } catch {
    return undefined;
  }
}
