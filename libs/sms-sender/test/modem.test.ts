import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { modemKeys } from '@sms-gateway/contracts';
import type { NetworkStatus, ProcessResult, SendResult } from '@sms-gateway/gammu';
import { createLogger } from '@sms-gateway/logger';
import { deletePrefixKeys, SHARED_REDIS_URL, uniquePrefix, waitFor } from '@sms-gateway/testing';
import { Modem, type ModemOptions } from '../src/modem';

const HOME: NetworkStatus = { registered: true, state: 'home network', network: 'GammuTel, Dummy' };
const SEARCHING: NetworkStatus = { registered: false, state: 'searching for network' };
const RAN: ProcessResult = { exitCode: 0, signal: null, stdout: '', stderr: '', timedOut: false, durationMs: 1 };
const logger = createLogger({ service: 'test', level: 'error', format: 'json' });

/** A gammu stand-in object: answers from scripts, counts closes. */
function scriptedGammu(networks: NetworkStatus[], sends: SendResult[] = []) {
  return {
    checkNetwork: vi.fn(async () => networks.shift() ?? HOME),
    send: vi.fn(async () => sends.shift() ?? ({ kind: 'sent', references: [1], parts: 1 } as SendResult)),
    signalStrength: vi.fn(async () => -70),
    softReset: vi.fn(async () => RAN),
    idle: vi.fn(async () => undefined),
    close: vi.fn(async () => undefined),
  };
}

describe('Modem (the owner of one modem)', () => {
  let prefix: string;
  let redis: Redis;
  let modem: Modem | undefined;

  beforeEach(() => {
    prefix = uniquePrefix('modem');
    redis = new Redis(SHARED_REDIS_URL);
  });
  afterEach(async () => {
    await modem?.stop();
    modem = undefined;
    await deletePrefixKeys(SHARED_REDIS_URL, prefix);
    await redis.quit();
  });

  const create = (gammu: ModemOptions['gammu'], overrides: Partial<ModemOptions> = {}) =>
    (modem = new Modem({
      modemId: 'modem-a',
      host: 'test-host',
      gammu,
      redis,
      queuePrefix: prefix,
      readiness: { pollMs: 10, ttlMs: 60_000 },
      pacing: { minGapMs: 0 },
      watchdog: { maxDeviceErrors: 2, resetWaitMs: 0, resetCommandTimeoutMs: 1_000 },
      signalIntervalMs: 0,
      statusIntervalMs: 60_000,
      logger,
      ...overrides,
    }));

  it('starts by checking the network, is ready when registered, and publishes its status', async () => {
    const m = create(scriptedGammu([HOME]));
    await expect(m.start()).resolves.toMatchObject({ registered: true });
    expect(m.readiness()).toEqual({ ready: true });
    const published = async () => JSON.parse((await redis.get(modemKeys(prefix).record('modem-a'))) ?? '{}') as Record<string, unknown>;
    await waitFor('the idle state to be published', async () => (await published()).state === 'idle', { timeoutMs: 5_000 });
    expect(await published()).toMatchObject({ modemId: 'modem-a', state: 'idle', registered: true, network: 'GammuTel, Dummy' });
  });

  it('is not ready while not registered, says why, and tells its listeners', async () => {
    const m = create(scriptedGammu([SEARCHING]));
    const heard: string[] = [];
    m.onUnregistered((network) => heard.push(network.state));
    await m.start();
    expect(m.readiness()).toEqual({ ready: false, reason: 'modem not registered: searching for network' });
    expect(m.status.current.state).toBe('waiting_network');
    expect(heard).toEqual(['searching for network']);
  });

  it('trusts a good network check for its TTL: two sends, one networkinfo', async () => {
    const gammu = scriptedGammu([HOME]);
    const m = create(gammu);
    await m.start();
    await m.checkRegistered();
    await m.checkRegistered();
    expect(gammu.checkNetwork).toHaveBeenCalledTimes(1);
  });

  it('after a device error the next send re-checks the network', async () => {
    const gammu = scriptedGammu([HOME, HOME], [{ kind: 'deviceError', exitCode: 114, detail: 'timeout' }]);
    const m = create(gammu, { watchdog: { maxDeviceErrors: 5, resetWaitMs: 0, resetCommandTimeoutMs: 1_000 } });
    await m.start();
    await m.send('5511999990001', 'oi', 'gsm7');
    await m.checkRegistered();
    expect(gammu.checkNetwork).toHaveBeenCalledTimes(2);
  });

  it('counts sends in its status: sent, network refusals in a row (reset by a success), failed for good', async () => {
    const m = create(scriptedGammu([HOME], [{ kind: 'networkError', code: 69, detail: '' }, { kind: 'networkError', code: 69, detail: '' }]));
    await m.start();
    await m.send('5511999990001', 'oi', 'gsm7');
    await m.send('5511999990001', 'oi', 'gsm7');
    expect(m.status.current).toMatchObject({ consecutiveNetworkRefusals: 2, sent: 0, lastSendOutcome: 'networkError', state: 'idle' });
    await m.send('5511999990001', 'oi', 'gsm7');
    m.count('failed');
    expect(m.status.current).toMatchObject({ consecutiveNetworkRefusals: 0, sent: 1, failed: 1 });
  });

  it('after MODEM_MAX_DEVICE_ERRORS timeouts in a row it resets the modem, opens a new gammu session and re-checks the network', async () => {
    const gammu = scriptedGammu([HOME, HOME], [{ kind: 'timeout', afterMs: 1 }, { kind: 'timeout', afterMs: 1 }]);
    const m = create(gammu);
    await m.start();
    await m.send('5511999990001', 'oi', 'gsm7');
    expect(gammu.softReset).not.toHaveBeenCalled();
    await m.send('5511999990001', 'oi', 'gsm7');
    expect(gammu.softReset).toHaveBeenCalledTimes(1);
    expect(gammu.close).toHaveBeenCalledTimes(1);
    expect(m.status.current).toMatchObject({ resets: 1, state: 'idle' });
    await m.checkRegistered();
    expect(gammu.checkNetwork).toHaveBeenCalledTimes(2);
  });

  it('stops by letting gammu finish, closing the session and saying stopped', async () => {
    const gammu = scriptedGammu([HOME]);
    const m = create(gammu);
    await m.start();
    await m.stop();
    modem = undefined;
    expect(gammu.idle).toHaveBeenCalled();
    expect(gammu.close).toHaveBeenCalled();
    expect(m.readiness()).toMatchObject({ ready: false, reason: 'modem stopped' });
  });
});
