import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue, waitFor } from '@sms-gateway/testing';
import { useInboxHarness } from './support/inbox-harness';

const startInbox = useInboxHarness('inbox-poller');
const PATIENT = '+5511988887777';

describe('InboxPoller: received SMS', () => {
  it('stores a received SMS, queues message.received, and only then deletes it from the modem', async () => {
    const inbox = startInbox();
    inbox.gammu.store([{ kind: 'sms', from: PATIENT, text: 'Sim, confirmo', sentAt: '2026-12-06T10:00:00.000Z' }]);
    const summary = await inbox.poller.pollOnce();
    expect(summary).toEqual({ stored: 1, reports: 0, deleted: 1, leftAlone: 0 });
    const page = await inbox.stores.inbound.list({ limit: 10 });
    expect(page.data).toEqual([
      {
        id: expect.stringMatching(/^in_[0-9a-f]{32}$/),
        from: PATIENT,
        text: 'Sim, confirmo',
        receivedAt: '2026-12-06T10:00:00.000Z',
        storedAt: expect.any(String),
        modemId: 'modem-t',
        parts: 1,
        complete: true,
        inReplyTo: null,
      },
    ]);
    expect(inbox.gammu.stored()).toEqual([]);
    expect(await inbox.queuedWebhooks()).toEqual([
      expect.objectContaining({ event: 'message.received', messageId: page.data[0]!.id, inbound: page.data[0] }),
    ]);
    // The delete came after the SMS was in Redis: gammu saw getallsms, then deletesms.
    expect(inbox.gammu.calls().map((call) => call.argv.find((arg) => arg === 'getallsms' || arg === 'deletesms')).filter(Boolean)).toEqual(['getallsms', 'deletesms']);
  });

  it('stores an SMS read twice (its delete failed) once, with one webhook', async () => {
    const inbox = startInbox({ scenario: { deletesms: [{ exit: 114, stdout: 'No response in specified timeout. Probably phone not connected.' }] } });
    inbox.gammu.store([{ kind: 'sms', from: PATIENT, text: 'oi' }]);
    await inbox.poller.pollOnce();
    expect(inbox.gammu.stored()).toHaveLength(1); // still in the modem
    expect(inbox.logs.filter((line) => line.event === 'inbox_delete_failed')).toHaveLength(1);
    await inbox.poller.pollOnce();
    expect(inbox.gammu.stored()).toEqual([]);
    expect((await inbox.stores.inbound.list({ limit: 10 })).data).toHaveLength(1);
    expect(await inbox.queuedWebhooks()).toHaveLength(1);
    const families = parsePrometheusText(await inbox.metrics.registry.metrics());
    expect(sampleValue(families, 'sms_gateway_inbound_messages_total', { outcome: 'stored' })).toBe(1);
    expect(sampleValue(families, 'sms_gateway_inbound_messages_total', { outcome: 'duplicate' })).toBe(1);
  });

  it('links a reply to the latest message sent to that number, in any spelling, within REPLY_WINDOW_MS', async () => {
    const inbox = startInbox();
    const now = Date.now();
    await inbox.stores.deliveries.recordSend({ messageId: 'reminder-old', to: '11 98888-7777', references: [1], parts: 1, sentAt: new Date(now - 60_000) });
    await inbox.stores.deliveries.recordSend({ messageId: 'reminder', to: '11 98888-7777', references: [2], parts: 1, sentAt: new Date(now - 1_000) });
    await inbox.stores.deliveries.recordSend({ messageId: 'someone-else', to: '11 97777-6666', references: [3], parts: 1, sentAt: new Date(now) });
    inbox.gammu.store([{ kind: 'sms', from: PATIENT, text: 'SIM, confirmo' }]);
    await inbox.poller.pollOnce();
    expect((await inbox.stores.inbound.list({ limit: 1 })).data[0]).toMatchObject({ inReplyTo: 'reminder' });
  });

  it('joins the parts of a long SMS in part order though they arrive out of order over several reads, kept in Redis across a restart', async () => {
    const inbox = startInbox();
    const part = (n: number, text: string) => ({ kind: 'sms' as const, from: PATIENT, text, concat: { id: 23, part: n, total: 3 } });
    inbox.gammu.store([part(3, 'bem?')]);
    await inbox.poller.pollOnce();
    expect(inbox.gammu.stored()).toEqual([]); // the part waits in Redis, not in the SIM
    expect((await inbox.stores.inbound.list({ limit: 10 })).data).toEqual([]);
    inbox.gammu.store([part(1, 'Olá, ')]);
    await inbox.poller.pollOnce();
    await inbox.poller.stop();
    const restarted = inbox.restart(); // a new worker process: nothing was in memory
    inbox.gammu.store([part(2, 'tudo ')]);
    await restarted.pollOnce();
    const [message] = (await inbox.stores.inbound.list({ limit: 10 })).data;
    expect(message).toMatchObject({ text: 'Olá, tudo bem?', parts: 3, complete: true, from: PATIENT });
    expect(await inbox.queuedWebhooks()).toEqual([expect.objectContaining({ event: 'message.received', inbound: message })]);
  });

  it('stores what arrived of a long SMS as incomplete once INBOUND_PART_WAIT_MS has passed', async () => {
    const inbox = startInbox({ settings: { inboundPartWaitMs: 400 } });
    const part = (n: number, text: string) => ({ kind: 'sms' as const, from: PATIENT, text, concat: { id: 99, part: n, total: 3 } });
    inbox.gammu.store([part(3, ' fim.'), part(1, 'começo')]);
    await inbox.poller.pollOnce();
    expect((await inbox.stores.inbound.list({ limit: 10 })).data).toEqual([]);
    const started = Date.now();
    let stored;
    while (!(stored = (await inbox.stores.inbound.list({ limit: 10 })).data[0]) && Date.now() - started < 10_000) await inbox.poller.pollOnce();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(stored).toMatchObject({ text: 'começo fim.', parts: 2, complete: false });
    expect(inbox.logs.filter((line) => line.event === 'sms_incomplete')).toHaveLength(1);
  });

  it('leaves entries it cannot read in the modem, logs each once, and handles the rest', async () => {
    const inbox = startInbox();
    inbox.gammu.store([
      { kind: 'raw', text: 'Unknown PDU type: 0x7' },
      { kind: 'sms', from: PATIENT, text: 'a sent copy', folder: 'Outbox' },
      { kind: 'sms', from: PATIENT, text: 'oi' },
    ]);
    expect(await inbox.poller.pollOnce()).toEqual({ stored: 1, reports: 0, deleted: 1, leftAlone: 2 });
    expect(await inbox.poller.pollOnce()).toEqual({ stored: 0, reports: 0, deleted: 0, leftAlone: 2 });
    expect(inbox.gammu.stored().map((entry) => (entry.kind === 'sms' ? entry.text : entry.kind))).toEqual(['raw', 'a sent copy']);
    expect(inbox.logs.filter((line) => line.event === 'inbox_entry_left_alone')).toHaveLength(2);
  });

  it('survives a modem that cannot be read, and reads it at the next poll', async () => {
    const inbox = startInbox({ scenario: { getallsms: [{ exit: 104, stdout: "Error opening device, it doesn't exist." }] } });
    inbox.gammu.store([{ kind: 'sms', from: PATIENT, text: 'oi' }]);
    expect(await inbox.poller.pollOnce()).toEqual({ stored: 0, reports: 0, deleted: 0, leftAlone: 0 });
    expect(inbox.logs.filter((line) => line.event === 'inbox_incomplete')).toHaveLength(1);
    expect(await inbox.poller.pollOnce()).toMatchObject({ stored: 1 });
  });
});

describe('InboxPoller: opt-out keywords', () => {
  it.each([
    ['SAIR', true],
    ['sair', true],
    ['  Sáir!! ', true],
    ['Cancelár.', true],
    ['stop 🙏', true],
    ['quero sair', false],
  ])('%j from the international number opts out the national spelling (PHONE_DEFAULT_REGION=BR): %s', async (text, optedOut) => {
    const inbox = startInbox();
    inbox.gammu.store([{ kind: 'sms', from: PATIENT, text }]);
    await inbox.poller.pollOnce();
    await expect(inbox.stores.optOuts.isOptedOut('(11) 98888-7777')).resolves.toBe(optedOut);
    await expect(inbox.stores.optOuts.isOptedOut('011 98888 7777')).resolves.toBe(optedOut);
    // The SMS itself is stored and delivered by webhook either way.
    expect((await inbox.stores.inbound.list({ limit: 1 })).data[0]).toMatchObject({ text });
  });

  it('opts back in with VOLTAR / start, in the order the SMS came', async () => {
    const inbox = startInbox();
    inbox.gammu.store([
      { kind: 'sms', from: PATIENT, text: 'PARAR', sentAt: '2026-12-06T10:00:00.000Z' },
      { kind: 'sms', from: PATIENT, text: 'voltar!', sentAt: '2026-12-06T10:01:00.000Z' },
    ]);
    await inbox.poller.pollOnce();
    await expect(inbox.stores.optOuts.isOptedOut(PATIENT)).resolves.toBe(false);
    inbox.gammu.store([{ kind: 'sms', from: PATIENT, text: 'Stop' }]);
    await inbox.poller.pollOnce();
    await expect(inbox.stores.optOuts.list()).resolves.toEqual([expect.objectContaining({ number: PATIENT, source: 'keyword' })]);
    inbox.gammu.store([{ kind: 'sms', from: PATIENT, text: ' START ' }]);
    await inbox.poller.pollOnce();
    await expect(inbox.stores.optOuts.list()).resolves.toEqual([]);
  });

  it('does nothing with keywords when OPT_OUT_KEYWORDS is empty', async () => {
    const inbox = startInbox({ settings: { optOutKeywords: [], optInKeywords: [] } });
    inbox.gammu.store([{ kind: 'sms', from: PATIENT, text: 'SAIR' }]);
    await inbox.poller.pollOnce();
    await expect(inbox.stores.optOuts.isOptedOut(PATIENT)).resolves.toBe(false);
  });

  it('without PHONE_DEFAULT_REGION, compares by digits: the international spelling is another number', async () => {
    const inbox = startInbox({ settings: { phoneDefaultRegion: undefined } });
    const { optOuts } = inbox.stores;
    inbox.gammu.store([{ kind: 'sms', from: PATIENT, text: 'SAIR' }]);
    await inbox.poller.pollOnce();
    await expect(optOuts.isOptedOut('5511988887777')).resolves.toBe(true);
    await expect(optOuts.isOptedOut('11988887777')).resolves.toBe(false);
  });
});

describe('InboxPoller: delivery reports', () => {
  it('a failed report makes the message undelivered at once, queues message.undelivered to its callbackUrl, and is deleted', async () => {
    const inbox = startInbox();
    await inbox.stores.deliveries.recordSend({
      messageId: 'm-1',
      to: '11988887777',
      references: [41, 42],
      parts: 2,
      sentAt: new Date(),
      callbackUrl: 'https://clinic.example/hooks',
      reference: 'reminder-7',
      modemId: 'modem-t',
      attempts: 2,
    });
    inbox.gammu.store([{ kind: 'report', recipient: PATIENT, reference: 42, status: 'Failed', detail: 'Permanent error, Not obtainable' }]);
    expect(await inbox.poller.pollOnce()).toEqual({ stored: 0, reports: 1, deleted: 1, leftAlone: 0 });
    await expect(inbox.stores.deliveries.get('m-1')).resolves.toEqual({ status: 'undelivered', at: expect.any(String), detail: 'Permanent error, Not obtainable' });
    expect(inbox.gammu.stored()).toEqual([]);
    expect(await inbox.queuedWebhooks()).toEqual([
      {
        event: 'message.undelivered',
        messageId: 'm-1',
        occurredAt: expect.any(String),
        modemId: 'modem-t',
        attempts: 2,
        delivery: { status: 'undelivered', at: expect.any(String), detail: 'Permanent error, Not obtainable' },
        callbackUrl: 'https://clinic.example/hooks',
        reference: 'reminder-7',
        messageReferences: [41, 42],
      },
    ]);
  });

  it('a pending report leaves the message sent with the detail recorded, and no webhook; every part delivered makes it delivered', async () => {
    const inbox = startInbox();
    await inbox.stores.deliveries.recordSend({ messageId: 'm-2', to: PATIENT, references: [7, 8, 9], parts: 3, sentAt: new Date() });
    inbox.gammu.store([{ kind: 'report', recipient: PATIENT, reference: 8, status: 'Pending', detail: 'Temporary error, SME busy' }]);
    await inbox.poller.pollOnce();
    await expect(inbox.stores.deliveries.get('m-2')).resolves.toMatchObject({ status: 'pending', detail: 'Temporary error, SME busy' });
    expect(await inbox.queuedWebhooks()).toEqual([]);
    inbox.gammu.store([
      { kind: 'report', recipient: PATIENT, reference: 9, status: 'Delivered' },
      { kind: 'report', recipient: PATIENT, reference: 7, status: 'Delivered' },
    ]);
    await inbox.poller.pollOnce();
    await expect(inbox.stores.deliveries.get('m-2')).resolves.toMatchObject({ status: 'pending' });
    inbox.gammu.store([{ kind: 'report', recipient: PATIENT, reference: 8, status: 'Delivered' }]);
    await inbox.poller.pollOnce();
    await expect(inbox.stores.deliveries.get('m-2')).resolves.toMatchObject({ status: 'delivered', detail: 'SM received by the SME' });
    expect((await inbox.queuedWebhooks()).map((event) => event.event)).toEqual(['message.delivered']);
    const families = parsePrometheusText(await inbox.metrics.registry.metrics());
    expect(sampleValue(families, 'sms_gateway_delivery_reports_total', { outcome: 'delivered' })).toBe(3);
    expect(sampleValue(families, 'sms_gateway_delivery_reports_total', { outcome: 'pending' })).toBe(1);
  });

  it('a report that matches no send (another reference, another number, too old) is counted and deleted, not kept', async () => {
    const inbox = startInbox();
    await inbox.stores.deliveries.recordSend({ messageId: 'm-3', to: PATIENT, references: [5], parts: 1, sentAt: new Date() });
    inbox.gammu.store([
      { kind: 'report', recipient: PATIENT, reference: 6, status: 'Delivered' },
      { kind: 'report', recipient: '+5521977776666', reference: 5, status: 'Delivered' },
    ]);
    await inbox.poller.pollOnce();
    expect(inbox.gammu.stored()).toEqual([]);
    await expect(inbox.stores.deliveries.get('m-3')).resolves.toBeUndefined();
    const families = parsePrometheusText(await inbox.metrics.registry.metrics());
    expect(sampleValue(families, 'sms_gateway_delivery_reports_total', { outcome: 'unmatched' })).toBe(2);
  });
});

describe('InboxPoller: its timer', () => {
  it('reads the modem again every INBOX_POLL_MS, and not at all once stopped', async () => {
    const inbox = startInbox();
    const poller = inbox.restart({ inboxPollMs: 100 });
    const reads = () => inbox.gammu.calls().filter((call) => call.argv.includes('getallsms')).length;
    poller.start();
    await waitFor('three reads of the modem', () => reads() >= 3, { timeoutMs: 10_000 });
    await poller.stop();
    const after = reads();
    await new Promise((resolve) => setTimeout(resolve, 400)); // four poll intervals
    expect(reads()).toBe(after);
  });

  it('never runs with INBOX_POLL_MS=0', async () => {
    const inbox = startInbox();
    const poller = inbox.restart({ inboxPollMs: 0 });
    poller.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await poller.stop();
    expect(inbox.gammu.calls().filter((call) => call.argv.includes('getallsms'))).toEqual([]);
  });
});
