import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, uniquePrefix, waitFor, type LogLine } from '@sms-gateway/testing';
import { HUNG_SEND_TIMEOUT_MS, useWorkerHarness } from './support/worker-harness';

/** When the worker started each send, from its `attempt` log lines (ms precision). */
const sendTimes = (lines: LogLine[]) => lines.map((line) => Date.parse(String(line.timestamp)));

// Several modems (one worker each) on one queue.
describe('worker fleet', () => {
  const harness = useWorkerHarness('fleet');

  it('two workers share 200 messages: each sends some, none is sent twice, none is lost', async () => {
    const prefix = uniquePrefix('fleet-share');
    const a = await harness.start({ prefix, env: { MODEM_ID: 'modem-a' } });
    const b = await harness.start({ prefix, env: { MODEM_ID: 'modem-b' } });
    const texts = Array.from({ length: 200 }, (_, i) => `msg-${i}`);
    await a.client.queue.addBulk(
      texts.map((text, i) => ({ name: 'send-sms', data: { to: `5511900${String(i).padStart(6, '0')}`, text, encoding: 'gsm7', segments: 1, source: 'enviar-sms', acceptedAt: new Date().toISOString() } })),
    );
    await waitFor('all 200 sent', async () => (await a.client.queue.getCompletedCount()) === 200, { timeoutMs: 60_000, intervalMs: 200 });

    const sentByA = a.gammu.sends().map((send) => send.text);
    const sentByB = b.gammu.sends().map((send) => send.text);
    expect(sentByA.length).toBeGreaterThan(0);
    expect(sentByB.length).toBeGreaterThan(0);
    const all = [...sentByA, ...sentByB];
    expect(all).toHaveLength(200);
    expect(new Set(all)).toEqual(new Set(texts));
  }, 90_000);

  it('a modem stuck "searching for network" sends nothing while the other sends everything', async () => {
    const prefix = uniquePrefix('fleet-stuck');
    const stuck = await harness.start({ prefix, env: { MODEM_ID: 'stuck' }, scenario: { networkinfoDefault: { state: 'searching for network' } }, until: 'waiting_network' });
    const healthy = await harness.start({ prefix, env: { MODEM_ID: 'healthy' } });
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => healthy.client.add(`551190000${String(i).padStart(4, '0')}`, `m${i}`)));
    for (const id of ids) await healthy.waitForState(id, 'completed');
    expect(stuck.callsOf('sendsms')).toHaveLength(0);
    expect(healthy.callsOf('sendsms')).toHaveLength(20);
  });

  it('the per-modem rate limit holds in every window', async () => {
    const run = await harness.start({ env: { MODEM_MAX_PER_MINUTE: '3', MODEM_RATE_WINDOW_MS: '1000' } });
    const ids = await Promise.all(Array.from({ length: 9 }, (_, i) => run.client.add('5511900000001', `r${i}`)));
    for (const id of ids) await run.waitForState(id, 'completed', 15_000);
    // The worker logs each attempt right after its turn came (the fake's own clock adds the
    // jitter of starting a process, so it is not used here).
    const times = sendTimes(run.events('attempt'));
    expect(times).toHaveLength(9);
    for (let i = 3; i < times.length; i++) {
      // Any 4 consecutive sends span more than one window: never 4 within 1 s.
      expect(times[i]! - times[i - 3]!).toBeGreaterThanOrEqual(1_000 - 5); // log-line clock vs pacer clock
    }
  });

  it('spaces sends by MODEM_MIN_GAP_MS', async () => {
    const run = await harness.start({ env: { MODEM_MIN_GAP_MS: '300' } });
    const ids = await Promise.all(Array.from({ length: 4 }, (_, i) => run.client.add('5511900000001', `g${i}`)));
    for (const id of ids) await run.waitForState(id, 'completed');
    const times = sendTimes(run.events('attempt'));
    expect(times).toHaveLength(4);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(300 - 5);
  });

  it('a hanging modem triggers the watchdog: gammu reset SOFT, a fresh network check, then the message is sent', async () => {
    const run = await harness.start({
      env: { GAMMU_SEND_TIMEOUT_MS: String(HUNG_SEND_TIMEOUT_MS), MODEM_MAX_DEVICE_ERRORS: '2', RETRY_OTHER_MAX_ATTEMPTS: '5' },
      scenario: { sendsms: [{ hang: true }, { hang: true }, { ok: true }] },
    });
    const id = await run.client.add('5511900000001', 'depois do reset');
    await run.waitForState(id, 'completed', 20_000);
    // A batch session's start (`… batch -`) and its end markers (`version …`) are calls too: left out.
    const commands = run.gammu.calls().flatMap((call) => call.argv.filter((arg) => ['networkinfo', 'sendsms', 'reset'].includes(arg)));
    expect(commands.slice(commands.indexOf('reset'))).toEqual(['reset', 'networkinfo', 'sendsms']);
    // The reset restarted the modem under the open session: the check after it runs in a new gammu process.
    const resetCall = run.gammu.calls().find((call) => call.argv.includes('reset'));
    const afterReset = run.gammu.calls().filter((call) => call.argv.includes('networkinfo') && call.at >= resetCall!.at);
    expect(afterReset[0]?.pid).not.toBe(resetCall?.pid);
    expect(commands.filter((command) => command === 'sendsms')).toHaveLength(3);
    expect(run.events('modem_reset').map((line) => line.step ?? 'start')).toEqual(['start', 'soft_reset', 'done']);
  });

  it('two workers configured for the same serial device never use it at once: the second waits for the first', async () => {
    const dir = tempDir('same-device');
    const gammurc = join(dir.path, 'gammurc');
    writeFileSync(gammurc, '[gammu]\ndevice = /dev/null\nconnection = at\n'); // a real character device
    try {
      const prefix = uniquePrefix('fleet-lock');
      const first = await harness.start({ prefix, env: { MODEM_ID: 'first', GAMMU_CONFIG: gammurc } });
      const second = await harness.start({ prefix, env: { MODEM_ID: 'second', GAMMU_CONFIG: gammurc }, until: 'waiting_device' });
      expect(second.events('waiting_device')[0]).toMatchObject({ heldBy: expect.stringContaining('first') });

      const ids = await Promise.all(Array.from({ length: 5 }, (_, i) => first.client.add('5511900000001', `l${i}`)));
      for (const id of ids) await first.waitForState(id, 'completed');
      expect(second.gammu.calls()).toEqual([expect.objectContaining({ argv: ['--version'] })]);

      // The first stops and releases the device: the second takes over.
      expect(await first.worker.stop('SIGTERM')).toBe(0);
      await second.worker.waitForLog('network ok', (line) => line.event === 'network_ok');
      const id = await second.client.add('5511900000001', 'now second');
      await second.waitForState(id, 'completed');
    } finally {
      dir.remove();
    }
  });
});
