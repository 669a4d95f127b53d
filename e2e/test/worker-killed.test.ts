import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_REDIS_URL, waitFor, type LogLine } from '@sms-gateway/testing';
import { createGateway, postSms, type Gateway } from './support/gateway';

describe('a worker killed with SIGKILL in the middle of a gammu send', () => {
  let gateway: Gateway;
  beforeAll(() => {
    gateway = createGateway('e2e-worker-kill', SHARED_REDIS_URL);
  });
  afterAll(async () => {
    await gateway?.teardown();
  });

  it('the message is sent by a new worker once its lock lapses (at least once; a second send is counted)', async () => {
    const api = await gateway.startApi();
    // The first modem takes 20 s per send: the worker is killed long before it answers.
    const first = await gateway.startWorker({ scenario: { sendsmsDefault: { ok: true, delayMs: 20_000 } } });
    const accepted = await postSms(api.port, 'msg-1');
    expect(accepted.status).toBe(202);
    const id = accepted.id ?? '';
    await waitFor('gammu to be sending msg-1', () => first.gammu.sends().some((send) => send.text === 'msg-1'), { timeoutMs: 10_000 });

    first.app.child.kill('SIGKILL');
    expect(await first.app.exited()).toBeNull(); // killed by the signal, no chance to clean up
    const killedAt = Date.now();
    expect(await gateway.queue().state(id)).toBe('active'); // still held by the dead worker's lock

    const second = await gateway.startWorker();
    // The queue keeps flowing meanwhile: a message accepted now is sent at once by the new worker.
    const later = await postSms(api.port, 'msg-2');
    expect(later.status).toBe(202);
    await waitFor('msg-2 to be sent by the new worker', () => second.gammu.sends().some((send) => send.text === 'msg-2'), { timeoutMs: 10_000 });

    // What this waits for: BullMQ's lock on msg-1 lasts 30 s (lockDuration default) from its last
    // renewal, and stalled jobs are looked for at most once per 30 s per queue (stalledInterval
    // default; the killed worker's own check at its start-up counts, so the new worker's first
    // check is usually skipped). A check first marks the active job as a suspect; the next one,
    // 30 s later, finds its lock gone and moves it back to waiting. So msg-1 comes back about 60 s
    // after the kill (30 s at best); about one run in six it took a third cycle (~90 s), so the
    // bound is 100 s, which keeps the test inside its 120 s timeout.
    try {
      await waitFor('msg-1 to be sent again by the new worker', () => second.gammu.sends().some((send) => send.text === 'msg-1'), {
        timeoutMs: 100_000,
        intervalMs: 250,
      });
    } catch (error) {
      const job = await gateway.queue().job(id);
      throw new Error(
        `${String(error)}\nmsg-1 is ${await gateway.queue().state(id)} (attempts ${job?.attemptsMade}, stalled ${job?.stalledCounter}); ` +
          `${Math.round((Date.now() - killedAt) / 1000)} s since the kill\n--- new worker log ---\n${second.app.output().slice(-4000)}`,
      );
    }
    await waitFor('msg-1 to be completed', async () => (await gateway.queue().state(id)) === 'completed', { timeoutMs: 10_000 });
    // The interruption is visible in the new worker's log.
    const stalled = await second.app.waitForLog('the new worker to log msg-1 as stalled', (line) => line.event === 'stalled' && line.messageId === id, 2_000);
    const backAfterMs = Date.now() - killedAt;
    const secondsAfterKill = (line: LogLine | undefined) => Math.round((Date.parse(String(line?.['timestamp'])) - killedAt) / 100) / 10;

    const counts = gateway.sentCounts();
    console.log(
      `[worker SIGKILL] msg-1 handed to a modem ${counts.get('msg-1')} time(s) (the killed worker's gammu run counts as one); ` +
        `msg-2 ${counts.get('msg-2')} time(s); after the kill: new worker started ${secondsAfterKill(second.app.logs().find((line) => line.event === 'started'))} s, ` +
        `msg-1 found stalled ${secondsAfterKill(stalled)} s, completed ${Math.round(backAfterMs / 1000)} s`,
    );
    expect(counts.get('msg-1')).toBeGreaterThanOrEqual(1);
    expect(counts.get('msg-2')).toBe(1);
    expect((await gateway.queue().job(id))?.returnvalue).toMatchObject({ modemId: second.modemId });
    // The possible duplicate is visible in the log, with the modem that was interrupted.
    expect(second.app.logs().find((line) => line.event === 'resend_after_interruption' && line.messageId === id)).toMatchObject({
      interruptedModemId: first.modemId,
    });
  });
});
