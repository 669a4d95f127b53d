import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plantReceivedSms, plantStatusReport, tempDir, writeDummyGammurc } from '@sms-gateway/testing';
import { GammuModem, type GammuSessionMode } from './gammu-modem';
import type { ProcessRunner } from './run-process';
import { runProcess } from './run-process';

const modems: GammuModem[] = [];
const dirs: { remove: () => void }[] = [];
afterEach(async () => {
  await Promise.all(modems.splice(0).map((modem) => modem.close()));
});
afterAll(() => dirs.forEach((dir) => dir.remove()));

function modemOn(gammurc: string, session: GammuSessionMode, run?: ProcessRunner) {
  const modem = new GammuModem({
    bin: 'gammu',
    config: gammurc,
    sendTimeoutMs: 10_000,
    checkTimeoutMs: 10_000,
    allowRoaming: false,
    session,
    killGraceMs: 500,
    deliveryReports: true,
    ...(run ? { run } : {}),
  });
  modems.push(modem);
  return modem;
}

// The real gammu with its dummy driver, in both session modes.
describe.each<GammuSessionMode>(['batch', 'oneshot'])('GammuModem reading and deleting stored messages (%s)', (session) => {
  let gammurc: string;
  beforeEach(() => {
    const dir = tempDir('gammu-messages');
    dirs.push(dir);
    gammurc = writeDummyGammurc(dir.path);
  });

  it('lists a received SMS, the parts of a long one and a delivery report, and deletes them one by one', async () => {
    const modem = modemOn(gammurc, session);
    plantReceivedSms(gammurc, { from: '+5511988887777', text: 'SAIR' });
    plantReceivedSms(gammurc, { from: '+5511988887777', text: 'x'.repeat(400) });
    plantStatusReport(gammurc, { recipient: '+5511988887777', reference: 255, status: 'Delivered' });

    const listing = await modem.readStoredMessages();
    expect(listing.complete).toBe(true);
    expect(listing.messages.map((m) => m.kind)).toEqual(['received', 'received', 'received', 'received', 'statusReport']);
    expect(listing.messages[0]).toMatchObject({ kind: 'received', from: '+5511988887777', text: 'SAIR' });
    expect(listing.messages.slice(1, 4).map((m) => (m.kind === 'received' ? m.concatenation?.part : 0))).toEqual([1, 2, 3]);
    expect(listing.messages[4]).toMatchObject({ kind: 'statusReport', recipient: '+5511988887777', reference: 255, status: 'delivered' });

    for (const message of listing.messages) {
      if (message.kind !== 'unknown') await expect(modem.deleteMessage(0, message.location)).resolves.toEqual({ kind: 'deleted' });
    }
    await expect(modem.readStoredMessages()).resolves.toEqual({ messages: [], complete: true });
  });

  it('answers a failed delete as failed, and the modem goes on working', async () => {
    const modem = modemOn(gammurc, session);
    await expect(modem.deleteMessage(0, 10_042)).resolves.toMatchObject({ kind: 'failed' });
    plantReceivedSms(gammurc, { from: '+5511988887777', text: 'ainda aqui' });
    await expect(modem.readStoredMessages()).resolves.toMatchObject({ complete: true, messages: [{ kind: 'received', text: 'ainda aqui' }] });
  });

  it('refuses a negative location without running gammu', async () => {
    await expect(modemOn(gammurc, session).deleteMessage(0, -1)).rejects.toThrow(RangeError);
  });
});

describe('GammuModem delivery reports', () => {
  it('asks for a report with -report on every send when deliveryReports is on', async () => {
    const dir = tempDir('gammu-report');
    dirs.push(dir);
    const calls: (readonly string[])[] = [];
    const run: ProcessRunner = (file, args, options) => {
      calls.push(args);
      return runProcess(file, args, options);
    };
    const modem = modemOn(writeDummyGammurc(dir.path), 'oneshot', run);
    await expect(modem.send('5511988887777', 'oi', 'gsm7')).resolves.toMatchObject({ kind: 'sent', references: [255] });
    expect(calls[0]).toContain('-report');
    expect(calls[0]?.indexOf('-report')).toBeLessThan(calls[0]!.indexOf('-text'));
  });
});
