import { describe, expect, it } from 'vitest';
import { waitFor, type GammuCall, type NetworkStep } from '@sms-gateway/testing';
import { useWorkerHarness, type WorkerUnderTest } from './support/worker-harness';

const searching = (times: number): NetworkStep[] => Array.from({ length: times }, () => ({ state: 'searching for network' }));

/** Index (in the whole call log) of the n-th networkinfo call, counting from 0. */
function indexOfNetworkinfo(calls: GammuCall[], n: number): number {
  const indexes = calls.flatMap((call, index) => (call.argv.includes('networkinfo') ? [index] : []));
  expect(indexes.length).toBeGreaterThan(n);
  return indexes[n]!;
}

/** Asserts that every sendsms call in the log comes after call number `after`. */
function expectNoSendBefore(run: WorkerUnderTest, after: number): void {
  const calls = run.gammu.calls();
  const sendIndexes = calls.flatMap((call, index) => (call.argv.includes('sendsms') ? [index] : []));
  expect(sendIndexes.length).toBeGreaterThan(0);
  expect(Math.min(...sendIndexes)).toBeGreaterThan(after);
}

// READINESS_POLL_MS=50 (FAST_WORKER_ENV).
describe('worker: waits for the modem to register before sending', () => {
  const harness = useWorkerHarness('readiness');

  it('when the modem is still searching for network at start-up, nothing is sent until networkinfo says home network', async () => {
    const run = await harness.start({
      scenario: { networkinfo: searching(6), networkinfoDefault: { state: 'home network' } },
      queued: [['+5511999991234', 'espera a rede']],
      until: 'waiting_network',
    });
    const [id] = run.queuedIds as [string];
    expect(await run.client.state(id)).toBe('waiting');

    await run.waitForState(id, 'completed');
    expectNoSendBefore(run, indexOfNetworkinfo(run.gammu.calls(), 6));
    expect(run.callsOf('sendsms')).toHaveLength(1);
    expect(run.events('waiting_network').length).toBeGreaterThanOrEqual(6);
    expect(run.events('waiting_network')[0]).toMatchObject({ networkState: 'searching for network' });
    expect(run.events('attempt', id)).toEqual([expect.objectContaining({ attempt: 1 })]);
    expect(run.events('failed')).toEqual([]);
    expect(run.events('send_error')).toEqual([]);
  });

  it('when the modem loses registration mid-run, the message waits in the queue (no attempt spent) and is sent once it registers again', async () => {
    const run = await harness.start({
      // Start-up check ok; then the send's own check (TTL 0) and 7 polls say "searching".
      scenario: { networkinfo: [{ state: 'home network' }, ...searching(8)], networkinfoDefault: { state: 'home network' } },
      env: { READINESS_TTL_MS: '0', READINESS_POLL_MS: '100' },
    });
    const id = await run.client.add('5511999990001', 'perdeu o sinal');

    await run.worker.waitForLog('message handed back', (line) => line.event === 'waiting_network' && line.messageId === id);
    const handedBack = await waitFor('message handed back to the queue', async () => {
      const job = await run.client.job(id);
      return (await run.client.state(id)) === 'waiting' && job;
    });
    expect(handedBack.attemptsMade).toBe(0);
    expect(run.callsOf('sendsms')).toEqual([]);

    await run.waitForState(id, 'completed');
    // networkinfo #9 (index 9) is the first "home network" after the outage.
    expectNoSendBefore(run, indexOfNetworkinfo(run.gammu.calls(), 9));
    expect(run.callsOf('sendsms')).toHaveLength(1);
    expect(run.events('attempt', id)).toEqual([expect.objectContaining({ attempt: 1 })]);
    expect(run.events('failed')).toEqual([]);
    expect(run.events('send_error')).toEqual([]);
    expect(run.events('network_ok').length).toBeGreaterThanOrEqual(2);
    // Start-up, the send's check, 7 "searching" polls and the "home" poll, then the send's check:
    // the handed-back message is not picked up and re-checked in a busy loop meanwhile.
    expect(run.callsOf('networkinfo')).toHaveLength(11);
  });

  it('while one modem is unregistered, another worker on the same queue sends the message it handed back', async () => {
    const unregistered = await harness.start({
      scenario: { networkinfo: [{ state: 'home network' }], networkinfoDefault: { state: 'searching for network' } },
      env: { READINESS_TTL_MS: '0', MODEM_ID: 'modem-a' },
    });
    const id = await unregistered.client.add('5511999990005', 'outro modem');
    await unregistered.worker.waitForLog('message handed back', (line) => line.event === 'waiting_network' && line.messageId === id);

    const healthy = await harness.start({ prefix: unregistered.prefix, env: { MODEM_ID: 'modem-b' } });
    await healthy.waitForState(id, 'completed');
    expect((await healthy.client.job(id))?.returnvalue).toMatchObject({ modemId: 'modem-b' });
    expect(unregistered.callsOf('sendsms')).toEqual([]);
    expect(healthy.callsOf('sendsms')).toHaveLength(1);
    expect(unregistered.events('failed')).toEqual([]);
  });

  it.each(['registration to network denied', 'roaming network', 'not logged into network'])(
    'a modem in "%s" (ALLOW_ROAMING=false) counts as not registered',
    async (state) => {
      const run = await harness.start({
        scenario: { networkinfo: [{ state }, { state }, { state }], networkinfoDefault: { state: 'home network' } },
        queued: [['5511999990002', 'aguarde']],
        env: { ALLOW_ROAMING: 'false' },
        until: 'waiting_network',
      });
      const [id] = run.queuedIds as [string];
      await run.waitForState(id, 'completed');
      expectNoSendBefore(run, indexOfNetworkinfo(run.gammu.calls(), 3));
      expect(run.events('waiting_network')[0]).toMatchObject({ networkState: state });
      expect(run.events('failed')).toEqual([]);
    },
  );

  it('with ALLOW_ROAMING=true a roaming modem sends straight away', async () => {
    const run = await harness.start({
      scenario: { networkinfoDefault: { state: 'roaming network' } },
      env: { ALLOW_ROAMING: 'true' },
    });
    const id = await run.client.add('5511999990003', 'em roaming');
    await run.waitForState(id, 'completed');
    expect(run.callsOf('networkinfo')).toHaveLength(1);
    expect(run.callsOf('sendsms')).toHaveLength(1);
    expect(run.events('waiting_network')).toEqual([]);
    expect(run.events('network_ok')[0]).toMatchObject({ networkState: 'roaming network' });
  });

  it('when networkinfo itself fails (device missing), the message waits instead of failing', async () => {
    const run = await harness.start({
      scenario: { networkinfo: [{ exit: 104 }, { exit: 104 }], networkinfoDefault: { state: 'home network' } },
      queued: [['5511999990004', 'sem modem']],
      until: 'waiting_network',
    });
    const [id] = run.queuedIds as [string];
    await run.waitForState(id, 'completed');
    expectNoSendBefore(run, indexOfNetworkinfo(run.gammu.calls(), 2));
    expect(run.events('waiting_network')[0]?.networkState).toMatch(/Error opening device/);
    expect(run.events('failed')).toEqual([]);
  });
});
