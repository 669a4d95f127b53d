import { afterEach, describe, expect, it } from 'vitest';
import { GammuModem, type GammuSessionMode } from '@sms-gateway/gammu';
import { createFakeGammu, type FakeGammuScenario } from './fake-gammu';

const modems: GammuModem[] = [];
afterEach(async () => {
  await Promise.all(modems.splice(0).map((modem) => modem.close()));
});

const modemOn = (scenario: FakeGammuScenario, session: GammuSessionMode) => {
  const fake = createFakeGammu(scenario);
  const modem = new GammuModem({ bin: fake.bin, config: '/dev/null', sendTimeoutMs: 5_000, checkTimeoutMs: 1_000, allowRoaming: false, session, killGraceMs: 200 });
  modems.push(modem);
  return { fake, modem };
};

describe.each<GammuSessionMode>(['batch', 'oneshot'])('the gammu stand-in’s message memory (%s)', (session) => {
  it('lists stored SMS, parts and reports as gammu prints them, and deletes them', async () => {
    const { fake, modem } = modemOn({}, session);
    const [single, part2, report, raw] = fake.store([
      { kind: 'sms', from: '+5511988887777', text: 'Sáir!', sentAt: '2026-12-06T10:00:00.000Z', unicode: true },
      { kind: 'sms', from: '+5511988887777', text: 'world', concat: { id: 7, part: 2, total: 2 } },
      { kind: 'report', recipient: '11988887777', reference: 3, status: 'Failed', detail: 'Permanent error, Not obtainable' },
      { kind: 'raw', text: 'SMS message\nStatus               : UnRead' },
    ]);
    const listing = await modem.readStoredMessages();
    expect(listing.complete).toBe(true);
    expect(listing.messages).toEqual([
      { kind: 'received', location: single, folder: 'Inbox', from: '+5511988887777', sentAt: '2026-12-06T10:00:00.000Z', text: 'Sáir!' },
      expect.objectContaining({ kind: 'received', location: part2, text: 'world', concatenation: { reference: 7, part: 2, total: 2 } }),
      expect.objectContaining({ kind: 'statusReport', location: report, recipient: '11988887777', reference: 3, status: 'failed', detail: 'Permanent error, Not obtainable' }),
      expect.objectContaining({ kind: 'unknown', location: raw }),
    ]);
    await expect(modem.deleteMessage(0, single!)).resolves.toEqual({ kind: 'deleted' });
    await expect(modem.deleteMessage(0, single!)).resolves.toMatchObject({ kind: 'failed' });
    expect(fake.stored().map((entry) => entry.location)).toEqual([part2, report, raw]);
  });

  it('can be told to fail a listing', async () => {
    const { fake, modem } = modemOn({ getallsms: [{ exit: 114, stdout: 'No response in specified timeout. Probably phone not connected.' }] }, session);
    fake.store([{ kind: 'sms', from: '+5511988887777', text: 'oi' }]);
    await expect(modem.readStoredMessages()).resolves.toMatchObject({ complete: false, messages: [] });
    await expect(modem.readStoredMessages()).resolves.toMatchObject({ complete: true, messages: [{ kind: 'received', text: 'oi' }] });
  });
});
