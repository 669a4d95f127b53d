import { hostname } from 'node:os';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import type { WorkerConfig } from '@sms-gateway/config';
import { readGammuDevice } from '@sms-gateway/gammu';
import type { Logger } from '@sms-gateway/logger';
import type { WorkerMetrics } from '@sms-gateway/metrics';
import type { ModemOptions } from '@sms-gateway/sms-sender';

/** The worker's configuration, as the modem owner takes it. */
export function modemOptions(
  config: WorkerConfig,
  parts: { gammu: ModemOptions['gammu']; redis: Redis; logger: Logger; metrics: WorkerMetrics },
): ModemOptions {
  const device = deviceOf(config);
  return {
    ...parts,
    modemId: config.modemId,
    host: hostname(),
    queuePrefix: config.queuePrefix,
    readiness: { pollMs: config.readiness.pollMs, ttlMs: config.readiness.ttlMs },
    pacing: {
      ...(config.fleet.maxPerMinute ? { maxPerMinute: config.fleet.maxPerMinute } : {}),
      windowMs: config.fleet.rateWindowMs,
      minGapMs: config.fleet.minGapMs,
    },
    watchdog: {
      maxDeviceErrors: config.fleet.maxDeviceErrors,
      ...(config.fleet.resetCommand ? { resetCommand: config.fleet.resetCommand } : {}),
      resetWaitMs: config.fleet.resetWaitMs,
      resetCommandTimeoutMs: config.gammu.checkTimeoutMs,
    },
    signalIntervalMs: config.fleet.signalIntervalMs,
    statusIntervalMs: config.fleet.statusIntervalMs,
    ...(device ? { device } : {}),
  };
}

/**
 * The device this worker's gammurc points at, resolved so that two spellings of one device
 * match (e.g. /dev/serial/by-id/… and /dev/ttyUSB0). Any device is locked, the dummy driver's
 * folder too: two workers pointed at one device never have it open together. A device that
 * does not exist (yet) is locked by the path as written.
 */
function deviceOf(config: WorkerConfig): string | undefined {
  const device = readGammuDevice(config.gammu.config, config.gammu.section);
  if (!device) return undefined;
  try {
    return realpathSync(device);
  } catch {
    return resolve(device);
  }
}
