import { describe, expect, it, vi } from 'vitest';
import type { NetworkStatus } from '@sms-gateway/gammu';
import { createLogger } from '@sms-gateway/logger';
import { pauseWhileUnregistered } from './pause-while-unregistered';

const SEARCHING: NetworkStatus = { registered: false, state: 'searching for network' };
const HOME: NetworkStatus = { registered: true, state: 'home network' };
const logger = createLogger({ service: 'test', level: 'error', format: 'json' });

/** A modem whose "not registered" answers the test fires, and whose wait the test ends. */
function setup() {
  let announce: (network: NetworkStatus) => void = () => undefined;
  const waits: { resolve: (status: NetworkStatus | undefined) => void }[] = [];
  const modem = {
    onUnregistered: (listener: (network: NetworkStatus) => void) => void (announce = listener),
    waitUntilRegistered: vi.fn(() => new Promise<NetworkStatus | undefined>((resolve) => waits.push({ resolve }))),
  };
  const worker = { pause: vi.fn(async () => undefined), resume: vi.fn() };
  const controller = new AbortController();
  pauseWhileUnregistered({ worker, modem, logger, signal: controller.signal });
  return { worker, modem, waits, controller, announce: (network: NetworkStatus) => announce(network) };
}

describe('pauseWhileUnregistered', () => {
  it('pauses the worker (without waiting for the job being handed back) and resumes it once registered', async () => {
    const { worker, waits, announce } = setup();
    announce(SEARCHING);
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    expect(worker.pause).toHaveBeenCalledWith(true);
    expect(worker.resume).not.toHaveBeenCalled();
    waits[0]?.resolve(HOME);
    await vi.waitFor(() => expect(worker.resume).toHaveBeenCalledTimes(1));
  });

  it('ignores further "not registered" answers while already waiting: one wait, one pause', async () => {
    const { worker, modem, announce } = setup();
    announce(SEARCHING);
    announce(SEARCHING);
    announce({ registered: false, state: 'registration to network denied' });
    await vi.waitFor(() => expect(modem.waitUntilRegistered).toHaveBeenCalledTimes(1));
    expect(worker.pause).toHaveBeenCalledTimes(1);
  });

  it('waits again after a later loss of registration', async () => {
    const { modem, waits, worker, announce } = setup();
    announce(SEARCHING);
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    waits[0]?.resolve(HOME);
    await vi.waitFor(() => expect(worker.resume).toHaveBeenCalledTimes(1));
    announce(SEARCHING);
    await vi.waitFor(() => expect(modem.waitUntilRegistered).toHaveBeenCalledTimes(2));
  });

  it('does not resume a worker whose wait ended because it is stopping', async () => {
    const { worker, waits, controller, announce } = setup();
    announce(SEARCHING);
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    controller.abort();
    waits[0]?.resolve(undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(worker.resume).not.toHaveBeenCalled();
  });

  it('ignores answers once stopping', async () => {
    const { worker, controller, announce } = setup();
    controller.abort();
    announce(SEARCHING);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(worker.pause).not.toHaveBeenCalled();
  });

  it('takes messages again when the wait itself fails, rather than stay paused forever', async () => {
    const { worker, modem, announce } = setup();
    modem.waitUntilRegistered.mockRejectedValueOnce(new Error('boom'));
    announce(SEARCHING);
    await vi.waitFor(() => expect(worker.resume).toHaveBeenCalledTimes(1));
  });
});
