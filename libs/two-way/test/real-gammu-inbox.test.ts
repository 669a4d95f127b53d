import { describe, expect, it } from 'vitest';
import { GammuModem } from '@sms-gateway/gammu';
import { plantReceivedSms, plantStatusReport, tempDir, waitFor, writeDummyGammurc } from '@sms-gateway/testing';
import { useInboxHarness } from './support/inbox-harness';

const startInbox = useInboxHarness('inbox-real-gammu');

// The real gammu 1.42 and its dummy driver, messages planted as GAMMU.md shows.
describe('InboxPoller with the real gammu dummy driver', () => {
  it('a reminder sent with -report is delivered by its report; the 1-part and 3-part replies are stored, linked to it, and the SIM emptied', async () => {
    const dir = tempDir('inbox-real-gammu');
    const gammurc = writeDummyGammurc(dir.path);
    const modem = new GammuModem({ bin: 'gammu', config: gammurc, sendTimeoutMs: 10_000, checkTimeoutMs: 10_000, allowRoaming: false, deliveryReports: true });
    try {
      const inbox = startInbox({ modem, settings: { inboxPollMs: 100 } });
      const sent = await modem.send('11988887777', 'Lembrete: consulta amanhã às 9h', 'ucs2');
      expect(sent).toMatchObject({ kind: 'sent', references: [255] });
      if (sent.kind !== 'sent') return;
      await inbox.stores.deliveries.recordSend({ messageId: 'reminder-1', to: '11988887777', references: sent.references, parts: sent.parts, sentAt: new Date() });

      plantStatusReport(gammurc, { recipient: '+5511988887777', reference: 255, status: 'Delivered' });
      plantReceivedSms(gammurc, { from: '+5511988887777', text: 'Sim, confirmo' });
      const long = `${'Obrigado pelo lembrete. '.repeat(14)}Até amanhã!`; // 347 characters: 3 parts
      plantReceivedSms(gammurc, { from: '+5511988887777', text: long });
      inbox.poller.start();

      const received = await waitFor('both replies stored', async () => {
        const page = await inbox.stores.inbound.list({ limit: 10 });
        return page.data.length === 2 && page.data;
      }, { timeoutMs: 20_000, intervalMs: 100 });
      expect(received.map((m) => [m.text, m.parts, m.complete, m.inReplyTo]).sort()).toEqual(
        [
          ['Sim, confirmo', 1, true, 'reminder-1'],
          [long, 3, true, 'reminder-1'],
        ].sort(),
      );
      await expect(inbox.stores.deliveries.get('reminder-1')).resolves.toMatchObject({ status: 'delivered', detail: 'SM received by the SME' });
      await waitFor('the SIM emptied', async () => {
        const listing = await modem.readStoredMessages();
        return listing.complete && listing.messages.length === 0;
      }, { timeoutMs: 10_000, intervalMs: 100 });
      const events = await inbox.queuedWebhooks();
      expect(events.map((event) => event.event).sort()).toEqual(['message.delivered', 'message.received', 'message.received']);
      expect(events.find((event) => event.event === 'message.delivered')).toMatchObject({ messageId: 'reminder-1', delivery: { status: 'delivered' } });
    } finally {
      await modem.close();
      dir.remove();
    }
  });

  it('a failed report makes a message undelivered; SAIR opts its sender out', async () => {
    const dir = tempDir('inbox-real-gammu');
    const gammurc = writeDummyGammurc(dir.path);
    const modem = new GammuModem({ bin: 'gammu', config: gammurc, sendTimeoutMs: 10_000, checkTimeoutMs: 10_000, allowRoaming: false, deliveryReports: true });
    try {
      const inbox = startInbox({ modem });
      await inbox.stores.deliveries.recordSend({ messageId: 'reminder-2', to: '+5511977776666', references: [255], parts: 1, sentAt: new Date() });
      plantStatusReport(gammurc, { recipient: '+5511977776666', reference: 255, status: 'Failed' });
      plantReceivedSms(gammurc, { from: '+5511977776666', text: 'SAIR' });
      await inbox.poller.pollOnce();
      await expect(inbox.stores.deliveries.get('reminder-2')).resolves.toMatchObject({ status: 'undelivered' });
      await expect(inbox.stores.optOuts.isOptedOut('(11) 97777-6666')).resolves.toBe(true);
      expect((await inbox.queuedWebhooks()).map((event) => event.event).sort()).toEqual(['message.received', 'message.undelivered']);
    } finally {
      await modem.close();
      dir.remove();
    }
  });
});
