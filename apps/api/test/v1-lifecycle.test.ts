import { describe, expect, it } from 'vitest';
import { waitFor } from '@sms-gateway/testing';
import { TOKEN } from './api-harness';
import { ms, useV1Stack } from './v1-harness';

const TO = '+5511987654321';
const MASKED = expect.stringMatching(/^\*+4321$/);

// A client's view of the lifecycle, end to end: the v1 API in this process, a real worker
// process per test with a scripted gammu, and only POST/GET /v1/messages to look at it.
describe('v1 message lifecycle, as GET /v1/messages/:id shows it', () => {
  const stack = useV1Stack();

  it('a message accepted while no worker runs is queued, and is sent once a worker starts', async () => {
    const api = await stack.startApi();
    const accepted = await api.client.send({ to: TO, text: 'hello queued', reference: 'order-1' });
    expect(accepted.status).toBe(202);
    expect(accepted.json).toMatchObject({ status: 'queued', to: MASKED, segments: 1, encoding: 'gsm7', reference: 'order-1' });
    const id = String(accepted.json.id);

    const queued = await api.client.view(id);
    expect(queued).toEqual({
      id,
      status: 'queued',
      to: MASKED,
      segments: 1,
      encoding: 'gsm7',
      reference: 'order-1',
      createdAt: accepted.json.createdAt,
      attempts: 0,
      transitions: { queued: accepted.json.createdAt },
    });

    await stack.startWorker(api.prefix, { modemId: 'modem-queued' });
    const sent = await api.client.waitForStatus(id, 'sent', 10_000);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, modemId: 'modem-queued', messageReferences: [1] });
  });

  it('a message with sendAt 2 s ahead is scheduled until then and sent after it, not before', async () => {
    const api = await stack.startApi();
    const worker = await stack.startWorker(api.prefix);
    const sendAt = new Date(Date.now() + 2_000);
    const accepted = await api.client.send({ to: TO, text: 'hello later', sendAt: sendAt.toISOString() });
    expect(accepted.json).toMatchObject({ status: 'scheduled', sendAt: sendAt.toISOString() });
    const id = String(accepted.json.id);

    expect(await api.client.view(id)).toMatchObject({ status: 'scheduled', attempts: 0, sendAt: sendAt.toISOString() });
    const sent = await api.client.waitForStatus(id, 'sent', 10_000);

    const beforeSendAt = (api.client.seen.get(id) ?? []).filter((o) => o.at < sendAt.getTime() - 50);
    expect(beforeSendAt.length).toBeGreaterThan(0);
    expect(new Set(beforeSendAt.map((o) => o.view.status))).toEqual(new Set(['scheduled']));
    expect(ms(sent.transitions.sending)).toBeGreaterThanOrEqual(sendAt.getTime());
    expect(ms(sent.transitions.sent)).toBeGreaterThanOrEqual(sendAt.getTime());
    expect(sent.transitions.scheduled).toBe(accepted.json.createdAt);
    const sends = worker.sendCalls();
    expect(sends).toHaveLength(1);
    expect(sends[0]?.at).toBeGreaterThanOrEqual(sendAt.getTime());
  });

  it('while the modem searches for a network the message is waiting_network, spends no attempt, and is sent once registered', async () => {
    const api = await stack.startApi();
    // Every send re-checks the network (TTL 0), so the check that precedes the send sees the outage.
    const worker = await stack.startWorker(api.prefix, { env: { READINESS_TTL_MS: '0' } });
    worker.gammu.script({ networkinfoDefault: { state: 'searching for network' } });
    const id = await api.client.accept({ to: TO, text: 'hello when registered' });

    const waiting = await api.client.waitForStatus(id, 'waiting_network', 10_000);
    expect(waiting).toMatchObject({ attempts: 0, modemId: 'modem-e2e' });
    expect(waiting.transitions.waiting_network).toBeDefined();
    // Several polls later it is still waiting, still without an attempt or a send.
    await stack.waitForNetworkChecks(worker, 5);
    expect(await api.client.view(id)).toMatchObject({ status: 'waiting_network', attempts: 0 });
    expect(worker.sendCalls()).toHaveLength(0);

    worker.gammu.script({ networkinfoDefault: { state: 'home network' } });
    const sent = await api.client.waitForStatus(id, 'sent', 10_000);
    expect(sent.attempts).toBe(1);
    expect(sent.lastError).toBeUndefined();
    expect(ms(sent.transitions.waiting_network)).toBeLessThanOrEqual(ms(sent.transitions.sending));
    expect(ms(sent.transitions.sending)).toBeLessThanOrEqual(ms(sent.transitions.sent));
    expect(worker.sendCalls()).toHaveLength(1);
  });

  it('while gammu is sending, the message is sending with its attempt counted', async () => {
    const api = await stack.startApi();
    const worker = await stack.startWorker(api.prefix, { scenario: { sendsms: [{ ok: true, delayMs: 1_500 }] }, modemId: 'modem-slow' });
    const id = await api.client.accept({ to: TO, text: 'hello slowly' });

    // Once the worker has recorded the send step (see the next test for the moment before it).
    const sending = await api.client.waitFor(id, 'to be sending', (v) => v.status === 'sending' && !!v.transitions.sending, 5_000);
    expect(sending).toMatchObject({ attempts: 1, modemId: 'modem-slow' });
    expect(sending.messageReferences).toBeUndefined();
    // gammu is running (the fake has started and holds its answer for 1.5 s): still sending.
    await waitFor('the fake to run sendsms', () => worker.sendCalls().length === 1, { timeoutMs: 3_000 });
    expect(await api.client.view(id)).toMatchObject({ status: 'sending', attempts: 1, modemId: 'modem-slow' });

    const sent = await api.client.waitForStatus(id, 'sent', 10_000);
    expect(sent).toMatchObject({ attempts: 1, modemId: 'modem-slow', messageReferences: [1] });
  });

  it('while the worker is still checking the network before a first send, the message is not shown as sending', async () => {
    const api = await stack.startApi();
    // The check before the send re-runs networkinfo (TTL 0); it hangs until the check timeout
    // kills it, and counts as "not registered": the message must go queued → waiting_network.
    const worker = await stack.startWorker(api.prefix, { env: { READINESS_TTL_MS: '0', GAMMU_CHECK_TIMEOUT_MS: '1500' } });
    worker.gammu.script({ networkinfo: [{ hang: true }] });
    const id = await api.client.accept({ to: TO, text: 'hello after the check' });

    await api.client.waitForStatus(id, 'sent', 10_000);
    const seen = (api.client.seen.get(id) ?? []).map((o) => o.view);
    const statuses = seen.map((v) => v.status).filter((s, i, all) => s !== all[i - 1]);
    const firstWaiting = statuses.indexOf('waiting_network');
    expect(firstWaiting, `statuses seen: ${statuses.join(' → ')}`).toBeGreaterThanOrEqual(0);
    // Before the network check's verdict, nothing was being sent: a client must not see
    // "sending" (with an attempt counted) and then "waiting_network" with 0 attempts.
    expect(statuses.slice(0, firstWaiting), `statuses seen: ${statuses.join(' → ')}`).not.toContain('sending');
    expect(worker.sendCalls()).toHaveLength(1);
  });

  it('when the network refuses with error 69, the message is retrying with that error until it is sent', async () => {
    const api = await stack.startApi();
    // A network backoff long enough for a client to see the retrying state between attempts.
    const worker = await stack.startWorker(api.prefix, {
      scenario: { sendsms: [{ error: 69 }, { error: 69 }] },
      env: { RETRY_NETWORK_BASE_MS: '700', RETRY_NETWORK_MAX_MS: '700' },
    });
    const id = await api.client.accept({ to: TO, text: 'hello despite 69' });

    const retrying = await api.client.waitForStatus(id, 'retrying', 5_000);
    expect(retrying.attempts).toBeGreaterThanOrEqual(1);
    expect(retrying.modemId).toBe('modem-e2e');
    expect(retrying.lastError).toEqual({ kind: 'networkError', code: 69, text: expect.stringContaining('69') });
    expect(retrying.transitions.retrying).toBeDefined();

    const sent = await api.client.waitForStatus(id, 'sent', 10_000);
    expect(sent).toMatchObject({ attempts: 3, messageReferences: [3] });
    expect(sent.lastError).toBeUndefined();
    expect(ms(sent.transitions.retrying)).toBeLessThanOrEqual(ms(sent.transitions.sending));
    expect(worker.sendCalls()).toHaveLength(3);
  });

  it('a sent message shows its modem, the references gammu reported and when each step happened', async () => {
    const api = await stack.startApi();
    const worker = await stack.startWorker(api.prefix, { modemId: 'modem-sent' });
    const accepted = await api.client.send({ to: TO, text: 'hello sent' });
    const id = String(accepted.json.id);

    const sent = await api.client.waitForStatus(id, 'sent', 10_000);
    expect(sent).toEqual({
      id,
      status: 'sent',
      to: MASKED,
      segments: 1,
      encoding: 'gsm7',
      createdAt: accepted.json.createdAt,
      attempts: 1,
      modemId: 'modem-sent',
      messageReferences: [1],
      transitions: { queued: accepted.json.createdAt, sending: expect.any(String), sent: expect.any(String) },
    });
    expect(ms(sent.transitions.queued)).toBeLessThanOrEqual(ms(sent.transitions.sending));
    expect(ms(sent.transitions.sending)).toBeLessThanOrEqual(ms(sent.transitions.sent));
    expect(worker.gammu.sends()).toEqual([expect.objectContaining({ to: TO, text: 'hello sent' })]);
  });

  it('when gammu fails with exit 104 every time, the message fails after RETRY_OTHER_MAX_ATTEMPTS with a deviceError', async () => {
    const api = await stack.startApi();
    const worker = await stack.startWorker(api.prefix, { scenario: { sendsmsDefault: { exit: 104 } }, env: { RETRY_OTHER_MAX_ATTEMPTS: '2' } });
    const id = await api.client.accept({ to: TO, text: 'hello never' });

    const failed = await api.client.waitForStatus(id, 'failed', 10_000);
    expect(failed).toMatchObject({ attempts: 2, modemId: 'modem-e2e' });
    expect(failed.lastError).toEqual({ kind: 'deviceError', code: 104, text: expect.stringContaining('104') });
    expect(failed.messageReferences).toBeUndefined();
    expect(failed.transitions.retrying).toBeDefined();
    expect(ms(failed.transitions.failed)).toBeGreaterThanOrEqual(ms(failed.transitions.retrying));
    expect(worker.sendCalls()).toHaveLength(2);
  });

  it('when error 69 repeats past expiresAt, the message ends expired and no send starts after expiresAt', async () => {
    const api = await stack.startApi();
    const worker = await stack.startWorker(api.prefix, { scenario: { sendsmsDefault: { error: 69 } } });
    const expiresAt = new Date(Date.now() + 1_500);
    const id = await api.client.accept({ to: TO, text: 'hello in time or never', expiresAt: expiresAt.toISOString() });

    // The retrying windows are short here (20–80 ms): one consistent read of one is enough.
    const retrying = await api.client.waitFor(id, 'to be retrying after error 69', (v) => v.status === 'retrying' && !!v.lastError, 5_000);
    expect(retrying.lastError).toMatchObject({ kind: 'networkError', code: 69 });
    // Past expiresAt the status is expired at once; the worker then records the end.
    const expired = await api.client.waitFor(id, 'to be recorded expired', (v) => v.status === 'expired' && !!v.transitions.expired, 10_000);
    expect(expired.expiresAt).toBe(expiresAt.toISOString());
    expect(expired.lastError).toEqual({ kind: 'expired', text: expect.stringContaining(expiresAt.toISOString()) });
    expect(ms(expired.transitions.expired)).toBeGreaterThanOrEqual(expiresAt.getTime());
    expect(expired.messageReferences).toBeUndefined();

    // The worker started every send before expiresAt (its 'attempt' log line, written just
    // before it runs gammu), and the fake ran nothing after the end. The fake notes its own
    // start a process start-up after the worker's decision, hence the looser bound on it.
    const attempts = worker.process.logs().filter((line) => line.event === 'attempt' && line.messageId === id);
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    for (const line of attempts) expect(Date.parse(String(line.timestamp))).toBeLessThan(expiresAt.getTime());
    const sends = worker.sendCalls();
    expect(sends).toHaveLength(attempts.length);
    for (const send of sends) {
      expect(send.at).toBeLessThanOrEqual(ms(expired.transitions.expired));
      expect(send.at).toBeLessThan(expiresAt.getTime() + 1_000);
    }
    expect((await api.client.view(id)).status).toBe('expired');
  });

  it('a status read while the worker finishes messages never mixes the final status with the details of an earlier step', async () => {
    const api = await stack.startApi();
    await stack.startWorker(api.prefix);
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => api.client.accept({ to: TO, text: `hello ${i}` })));

    // Each message is read over and over while the worker sends them one by one.
    const halfUpdated: unknown[] = [];
    await Promise.all(
      ids.map((id) =>
        waitFor(
          `message ${id} to be sent`,
          async () => {
            const view = await api.client.view(id);
            if (view.status !== 'sent') return false;
            if (view.attempts < 1 || !view.messageReferences || !view.transitions.sent) halfUpdated.push(view);
            return true;
          },
          { timeoutMs: 20_000, intervalMs: 1 },
        ),
      ),
    );
    // A "sent" answer with 0 attempts, no references and no transitions.sent contradicts itself.
    expect(halfUpdated, `${halfUpdated.length} of ${ids.length} first "sent" answers were half-updated`).toEqual([]);
  });

  it('GET /v1/messages/:id shows a message accepted by the legacy POST /enviar-sms', async () => {
    const api = await stack.startApi();
    const legacy = await api.post('/enviar-sms', { token: TOKEN, numero: '5511987654321', mensagem: 'hello legacy' });
    expect(legacy.status).toBe(202);
    const id = String(legacy.json.id);

    expect(await api.client.view(id)).toMatchObject({ id, status: 'queued', to: MASKED, attempts: 0, segments: 1, encoding: 'gsm7' });
    await stack.startWorker(api.prefix);
    expect(await api.client.waitForStatus(id, 'sent', 10_000)).toMatchObject({ attempts: 1, messageReferences: [1] });
  });

  it('GET /v1/messages/:id answers 404 not_found for an unknown or malformed id', async () => {
    const api = await stack.startApi();
    for (const id of ['00000000-0000-4000-8000-000000000000', 'no-such-message', 'x'.repeat(65), 'bad id!']) {
      const answer = await api.client.get(id);
      expect(answer.status, id).toBe(404);
      expect(answer.json, id).toMatchObject({ error: { code: 'not_found' } });
    }
  });
});
