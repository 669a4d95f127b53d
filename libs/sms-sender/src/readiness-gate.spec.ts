import { describe, expect, it, vi } from 'vitest';
import type { NetworkStatus } from '@sms-gateway/gammu';
import { ReadinessGate } from './readiness-gate';

const HOME: NetworkStatus = { registered: true, state: 'home network', network: 'GammuTel, Dummy' };
const SEARCHING: NetworkStatus = { registered: false, state: 'searching for network' };
const DENIED: NetworkStatus = { registered: false, state: 'registration to network denied' };

/** A gate on a clock the test moves by hand, with a scripted networkinfo. */
function setup(answers: NetworkStatus[], { ttlMs = 30_000, pollMs = 10_000 } = {}) {
  let time = 1_000_000;
  const remaining = [...answers];
  const checkNetwork = vi.fn(async () => remaining.shift() ?? answers.at(-1) ?? HOME);
  const gate = new ReadinessGate({ checkNetwork, ttlMs, pollMs, now: () => time });
  return {
    gate,
    checkNetwork,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

describe('ReadinessGate.check', () => {
  it('asks the modem on the first check', async () => {
    const { gate, checkNetwork } = setup([HOME]);
    await expect(gate.check()).resolves.toEqual({ ...HOME, cached: false });
    expect(checkNetwork).toHaveBeenCalledTimes(1);
  });

  it('trusts a good answer within the TTL without running gammu again', async () => {
    const { gate, checkNetwork, advance } = setup([HOME]);
    await gate.check();
    advance(29_999);
    await expect(gate.check()).resolves.toMatchObject({ registered: true, cached: true });
    await expect(gate.check()).resolves.toMatchObject({ registered: true, cached: true });
    expect(checkNetwork).toHaveBeenCalledTimes(1);
  });

  it('re-checks once the TTL has passed', async () => {
    const { gate, checkNetwork, advance } = setup([HOME, HOME]);
    await gate.check();
    advance(30_000);
    await expect(gate.check()).resolves.toMatchObject({ registered: true, cached: false });
    expect(checkNetwork).toHaveBeenCalledTimes(2);
  });

  it('counts the TTL from the last real check, not from the cached answers', async () => {
    const { gate, checkNetwork, advance } = setup([HOME, HOME]);
    await gate.check();
    advance(20_000);
    await gate.check(); // cached
    advance(10_000);
    await expect(gate.check()).resolves.toMatchObject({ cached: false });
    expect(checkNetwork).toHaveBeenCalledTimes(2);
  });

  it('does not cache a not-registered answer: every check asks the modem again', async () => {
    const { gate, checkNetwork } = setup([SEARCHING, SEARCHING, DENIED]);
    await expect(gate.check()).resolves.toEqual({ ...SEARCHING, cached: false });
    await expect(gate.check()).resolves.toEqual({ ...SEARCHING, cached: false });
    await expect(gate.check()).resolves.toEqual({ ...DENIED, cached: false });
    expect(checkNetwork).toHaveBeenCalledTimes(3);
  });

  it('forgets a good answer as soon as a re-check says not registered', async () => {
    const { gate, checkNetwork, advance } = setup([HOME, SEARCHING, SEARCHING]);
    await gate.check();
    advance(30_000);
    await expect(gate.check()).resolves.toMatchObject({ registered: false });
    await expect(gate.check()).resolves.toMatchObject({ registered: false, cached: false });
    expect(checkNetwork).toHaveBeenCalledTimes(3);
  });

  it('caches again once the modem is back', async () => {
    const { gate, checkNetwork } = setup([SEARCHING, HOME]);
    await gate.check();
    await gate.check();
    await expect(gate.check()).resolves.toMatchObject({ registered: true, cached: true });
    expect(checkNetwork).toHaveBeenCalledTimes(2);
  });

  it('re-checks after invalidate(), even within the TTL', async () => {
    const { gate, checkNetwork, advance } = setup([HOME, SEARCHING]);
    await gate.check();
    advance(1_000);
    gate.invalidate();
    await expect(gate.check()).resolves.toEqual({ ...SEARCHING, cached: false });
    expect(checkNetwork).toHaveBeenCalledTimes(2);
  });

  it('never caches with a TTL of 0', async () => {
    const { gate, checkNetwork } = setup([HOME], { ttlMs: 0 });
    await gate.check();
    await gate.check();
    expect(checkNetwork).toHaveBeenCalledTimes(2);
  });
});

describe('ReadinessGate.waitUntilRegistered', () => {
  it('returns at once when the modem is registered, without reporting a wait', async () => {
    const { gate } = setup([HOME]);
    const onStillWaiting = vi.fn();
    await expect(gate.waitUntilRegistered(new AbortController().signal, onStillWaiting)).resolves.toMatchObject({
      registered: true,
    });
    expect(onStillWaiting).not.toHaveBeenCalled();
  });

  it('polls every pollMs until registered, reporting each negative answer', async () => {
    const { gate, checkNetwork } = setup([SEARCHING, DENIED, HOME], { pollMs: 40 });
    const calledAt: number[] = [];
    checkNetwork.mockImplementation(async () => {
      calledAt.push(performance.now());
      return [SEARCHING, DENIED, HOME][calledAt.length - 1] ?? HOME;
    });
    const onStillWaiting = vi.fn();
    const status = await gate.waitUntilRegistered(new AbortController().signal, onStillWaiting);
    expect(status).toMatchObject({ registered: true, state: 'home network' });
    expect(checkNetwork).toHaveBeenCalledTimes(3);
    expect(onStillWaiting.mock.calls.map(([s]) => (s as NetworkStatus).state)).toEqual([
      'searching for network',
      'registration to network denied',
    ]);
    const gaps = calledAt.slice(1).map((at, i) => at - (calledAt[i] ?? at));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(35);
  });

  it('stops polling when aborted and resolves undefined', async () => {
    const { gate, checkNetwork } = setup([SEARCHING], { pollMs: 60_000 });
    const controller = new AbortController();
    const started = Date.now();
    const waiting = gate.waitUntilRegistered(controller.signal);
    await vi.waitFor(() => expect(checkNetwork).toHaveBeenCalledTimes(1));
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(checkNetwork).toHaveBeenCalledTimes(1);
  });

  it('does not check at all with a signal already aborted', async () => {
    const { gate, checkNetwork } = setup([HOME]);
    const controller = new AbortController();
    controller.abort();
    await expect(gate.waitUntilRegistered(controller.signal)).resolves.toBeUndefined();
    expect(checkNetwork).not.toHaveBeenCalled();
  });

  it('resolves undefined when aborted while a check is running and the answer is negative', async () => {
    const { gate, checkNetwork } = setup([SEARCHING], { pollMs: 60_000 });
    let answer: (status: NetworkStatus) => void = () => undefined;
    checkNetwork.mockImplementation(() => new Promise<NetworkStatus>((resolve) => (answer = resolve)));
    const controller = new AbortController();
    const waiting = gate.waitUntilRegistered(controller.signal);
    await vi.waitFor(() => expect(checkNetwork).toHaveBeenCalledTimes(1));
    controller.abort();
    answer(SEARCHING);
    await expect(waiting).resolves.toBeUndefined();
    expect(checkNetwork).toHaveBeenCalledTimes(1);
  });

  it('after a send\'s check found the modem unregistered, waits the rest of pollMs before asking again', async () => {
    let time = 1_000_000;
    const checkNetwork = vi.fn<() => Promise<NetworkStatus>>().mockResolvedValueOnce(SEARCHING).mockResolvedValue(HOME);
    const slept: number[] = [];
    const gate = new ReadinessGate({
      checkNetwork,
      ttlMs: 30_000,
      pollMs: 10_000,
      now: () => time,
      sleep: async (ms) => {
        slept.push(ms);
        time += ms;
      },
    });
    await gate.check(); // the send's own check: not registered
    time += 2_500; // the job is handed back, the worker pauses
    await expect(gate.waitUntilRegistered(new AbortController().signal)).resolves.toMatchObject({ registered: true });
    expect(slept).toEqual([7_500]);
    expect(checkNetwork).toHaveBeenCalledTimes(2);
  });

  it('checks at once when the last answer was good but has gone stale', async () => {
    const { gate, checkNetwork, advance } = setup([HOME, HOME], { ttlMs: 1_000, pollMs: 60_000 });
    await gate.check();
    advance(5_000);
    const started = Date.now();
    await expect(gate.waitUntilRegistered(new AbortController().signal)).resolves.toMatchObject({ registered: true });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(checkNetwork).toHaveBeenCalledTimes(2);
  });

  it('uses a fresh good answer instead of running gammu', async () => {
    const { gate, checkNetwork } = setup([HOME]);
    await gate.check();
    await expect(gate.waitUntilRegistered(new AbortController().signal)).resolves.toMatchObject({ registered: true });
    expect(checkNetwork).toHaveBeenCalledTimes(1);
  });
});
