import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { SmsEncoding } from '@sms-gateway/contracts';
import { runProcess, type GammuModem, type NetworkStatus, type SendResult } from '@sms-gateway/gammu';
import type { Logger } from '@sms-gateway/logger';
import type { WorkerMetrics } from '@sms-gateway/metrics';
import { DeviceLock } from './device-lock';
import { ModemStatus } from './modem-status';
import { ModemWatchdog } from './modem-watchdog';
import { ReadinessGate } from './readiness-gate';
import { SendPacer, type SendPacerOptions } from './send-pacer';

/** Everything a worker's modem needs to know, injected (this library reads no configuration). */
export interface ModemOptions {
  readonly modemId: string;
  readonly host: string;
  /** The one object that runs gammu for this modem, one command at a time. */
  readonly gammu: Pick<GammuModem, 'checkNetwork' | 'send' | 'signalStrength' | 'softReset' | 'idle' | 'close'>;
  readonly redis: Redis;
  readonly queuePrefix: string;
  readonly readiness: { readonly pollMs: number; readonly ttlMs: number };
  readonly pacing: Pick<SendPacerOptions, 'maxPerMinute' | 'windowMs' | 'minGapMs'>;
  readonly watchdog: {
    readonly maxDeviceErrors: number;
    /** Extra shell command after `gammu reset SOFT`. */
    readonly resetCommand?: string;
    readonly resetWaitMs: number;
    readonly resetCommandTimeoutMs: number;
  };
  /** How often an idle, registered modem is asked for its signal; 0: never. */
  readonly signalIntervalMs: number;
  readonly statusIntervalMs: number;
  /** The serial device to lock against other workers on this host; undefined: nothing to lock (dummy driver). */
  readonly device?: string;
  readonly logger: Logger;
  readonly metrics?: WorkerMetrics;
}

/** What a send is counted as, once the send processor has decided. */
export type SendVerdict = 'retrying' | 'failed' | 'expired';

/**
 * Owns one modem: the device lock, the readiness gate, pacing, the watchdog that resets a hung
 * modem, signal readings and the status heartbeat. Every gammu command of the worker goes
 * through it (and through its GammuModem, which runs one at a time).
 */
export class Modem {
  readonly status: ModemStatus;
  private readonly gate: ReadinessGate;
  private readonly pacer: SendPacer;
  private readonly watchdog: ModemWatchdog;
  private readonly lock: DeviceLock | undefined;
  private readonly unregisteredListeners = new Set<(network: NetworkStatus) => void>();
  private readonly stopping = new AbortController();
  private signalTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ModemOptions) {
    const { modemId, redis, queuePrefix } = options;
    this.status = new ModemStatus(redis, queuePrefix, { modemId, host: options.host, pid: process.pid, intervalMs: options.statusIntervalMs });
    this.gate = new ReadinessGate({ checkNetwork: () => this.runNetworkCheck(), ...options.readiness });
    this.pacer = new SendPacer(options.pacing);
    this.watchdog = new ModemWatchdog({ maxDeviceErrors: options.watchdog.maxDeviceErrors, reset: (reason) => this.reset(reason) });
    this.lock = options.device ? new DeviceLock(redis, queuePrefix, options.device, modemId) : undefined;
  }

  /**
   * Publishes the status, waits for the device (another worker may hold it) and checks the
   * network once. Undefined when stopped before the device was free.
   */
  async start(): Promise<NetworkStatus | undefined> {
    this.status.start();
    if (this.lock) {
      this.status.update({ state: 'waiting_device' });
      const locked = await this.lock.acquire(this.stopping.signal, (holder) =>
        this.options.logger.warn('the modem device is in use by another worker; waiting for it', {
          event: 'waiting_device',
          device: this.lock?.device,
          heldBy: holder ? `${holder.modemId} (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : 'unknown',
        }),
      );
      if (!locked) return undefined;
    }
    const network = await this.checkRegistered();
    this.startSignalReadings();
    return network;
  }

  /** Whether the modem can send now: a trusted recent answer, or a fresh `networkinfo`. */
  async checkRegistered(): Promise<NetworkStatus & { cached: boolean }> {
    const network = await this.gate.check();
    if (!network.registered) for (const listener of this.unregisteredListeners) listener(network);
    return network;
  }

  /** Polls (every READINESS_POLL_MS) until registered; undefined once `signal` aborts. */
  waitUntilRegistered(signal: AbortSignal, onStillWaiting?: (network: NetworkStatus) => void): Promise<NetworkStatus | undefined> {
    return this.gate.waitUntilRegistered(signal, onStillWaiting);
  }

  /** Hears every "not registered" answer (the worker pauses itself on it). */
  onUnregistered(listener: (network: NetworkStatus) => void): void {
    this.unregisteredListeners.add(listener);
  }

  /** Waits for this modem's next turn under the carrier limits (MODEM_MAX_PER_MINUTE, MODEM_MIN_GAP_MS). */
  async waitTurn(signal?: AbortSignal): Promise<void> {
    await this.pacer.waitTurn(signal);
  }

  /**
   * One send, with its status and metrics; a run of device errors or timeouts resets the
   * modem before this resolves. Call `waitTurn` first.
   */
  async send(to: string, text: string, encoding: SmsEncoding): Promise<SendResult> {
    this.status.update({ state: 'sending' });
    this.pacer.recordSend();
    const result = await this.options.gammu.send(to, text, encoding);
    const current = this.status.current;
    this.status.update({
      state: 'idle',
      lastSendAt: new Date().toISOString(),
      lastSendOutcome: result.kind,
      sent: current.sent + (result.kind === 'sent' ? 1 : 0),
      consecutiveNetworkRefusals: result.kind === 'networkError' ? current.consecutiveNetworkRefusals + 1 : 0,
    });
    const metrics = this.options.metrics;
    if (metrics) {
      metrics.sends.inc({ outcome: result.kind === 'sent' ? 'sent' : result.kind === 'networkError' ? 'network_error' : 'send_error' });
      metrics.consecutiveNetworkRefusals.set(this.status.current.consecutiveNetworkRefusals);
    }
    if (result.kind === 'deviceError' || result.kind === 'timeout') this.gate.invalidate();
    await this.watchdog.observe(result);
    return result;
  }

  /** Counts what became of a message after a failed send, or one that expired unsent. */
  count(verdict: SendVerdict, retryCode?: string): void {
    const metrics = this.options.metrics;
    if (verdict === 'failed') {
      this.status.update({ failed: this.status.current.failed + 1 });
      metrics?.sends.inc({ outcome: 'failed' });
    } else if (verdict === 'expired') {
      metrics?.sends.inc({ outcome: 'expired' });
    } else if (retryCode) {
      metrics?.retries.inc({ code: retryCode });
    }
  }

  /** The worker's /readyz, as far as the modem goes: false while it cannot send. */
  readiness(): { ready: boolean; reason?: string } {
    const { state, registered, networkState } = this.status.current;
    if (state === 'waiting_device' || state === 'resetting' || state === 'stopped' || state === 'starting') return { ready: false, reason: `modem ${state}` };
    return registered ? { ready: true } : { ready: false, reason: `modem not registered: ${networkState ?? 'unknown'}` };
  }

  /**
   * Stops the readings, lets a running gammu command end (each is bounded by its timeout),
   * closes the gammu session, marks the modem stopped and frees the device.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.signalTimer);
    await this.options.gammu.idle();
    await this.options.gammu.close();
    await this.status.stop();
    await this.lock?.release();
  }

  private async runNetworkCheck(): Promise<NetworkStatus> {
    const network = await this.options.gammu.checkNetwork();
    this.options.metrics?.modemRegistered.set(network.registered ? 1 : 0);
    const { state } = this.status.current;
    this.status.update({
      registered: network.registered,
      networkState: network.state,
      ...(network.network ? { network: network.network } : {}),
      ...(!network.registered ? { state: 'waiting_network' } : state === 'waiting_network' || state === 'starting' || state === 'waiting_device' ? { state: 'idle' } : {}),
    });
    return network;
  }

  private async reset(reason: string): Promise<void> {
    const { logger, metrics, watchdog } = this.options;
    this.status.update({ state: 'resetting', resets: this.status.current.resets + 1 });
    metrics?.modemResets.inc();
    logger.warn('resetting the modem', { event: 'modem_reset', reason });
    const reset = await this.options.gammu.softReset();
    logger.info('gammu reset SOFT done', { event: 'modem_reset', step: 'soft_reset', exitCode: reset.exitCode, timedOut: reset.timedOut });
    // The next command opens a new gammu session on the restarted modem.
    await this.options.gammu.close();
    if (watchdog.resetCommand) {
      const command = await runProcess('/bin/sh', ['-c', watchdog.resetCommand], { timeoutMs: watchdog.resetCommandTimeoutMs });
      logger.info('reset command done', { event: 'modem_reset', step: 'reset_command', exitCode: command.exitCode, timedOut: command.timedOut });
    }
    await sleep(watchdog.resetWaitMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    this.gate.invalidate(); // the next send re-checks the network first
    this.status.update({ state: 'idle' });
    logger.info('modem reset; the network is checked again before the next send', { event: 'modem_reset', step: 'done' });
  }

  /** Asks an idle, registered modem for its signal now and then; a busy one is not disturbed. */
  private startSignalReadings(): void {
    if (this.options.signalIntervalMs <= 0 || this.stopping.signal.aborted) return;
    // The first reading comes after one interval: a modem just started has sends to make.
    this.signalTimer = setInterval(() => void this.readSignal(), this.options.signalIntervalMs);
    this.signalTimer.unref();
  }

  private async readSignal(): Promise<void> {
    const { state, registered } = this.status.current;
    if (state !== 'idle' || !registered || this.stopping.signal.aborted) return;
    const dbm = await this.options.gammu.signalStrength();
    if (dbm === undefined) return;
    this.status.update({ signalDbm: dbm });
    this.options.metrics?.signalStrength.set(dbm);
  }
}
