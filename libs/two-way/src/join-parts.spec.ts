import { describe, expect, it } from 'vitest';
import { joinedInboundId, singleInboundId } from './inbound-id';
import { joinParts, type PendingPart } from './join-parts';

const part = (n: number, text: string, sentAt?: string): PendingPart => ({
  from: '+5511988887777',
  reference: 23,
  part: n,
  total: 3,
  text,
  ...(sentAt ? { sentAt } : {}),
});

describe('joinParts', () => {
  it.each<[string, PendingPart[], ReturnType<typeof joinParts>]>([
    ['every part, in order', [part(1, 'Olá, '), part(2, 'tudo '), part(3, 'bem?')], { text: 'Olá, tudo bem?', parts: 3, complete: true }],
    ['every part, out of order', [part(3, 'bem?'), part(1, 'Olá, '), part(2, 'tudo ')], { text: 'Olá, tudo bem?', parts: 3, complete: true }],
    ['a part missing', [part(3, 'bem?'), part(1, 'Olá, ')], { text: 'Olá, bem?', parts: 2, complete: false }],
    ['one part twice', [part(1, 'Olá, '), part(1, 'Olá, '), part(2, 'tudo ')], { text: 'Olá, tudo ', parts: 2, complete: false }],
    [
      'the network time of the first part that has one',
      [part(2, 'b', '2026-12-06T10:00:05.000Z'), part(1, 'a', '2026-12-06T10:00:04.000Z')],
      { text: 'ab', parts: 2, complete: false, sentAt: '2026-12-06T10:00:04.000Z' },
    ],
  ])('%s', (_, parts, expected) => {
    expect(joinParts(parts, 3)).toEqual(expected);
  });
});

describe('inbound ids', () => {
  const entry = { location: 10001, from: '+5511988887777', sentAt: '2026-12-06T10:00:00.000Z', text: 'SAIR' };

  it('give the same modem entry read twice the same id, and any other entry another', () => {
    expect(singleInboundId('modem-1', entry)).toBe(singleInboundId('modem-1', { ...entry }));
    expect(singleInboundId('modem-1', entry)).toMatch(/^in_[0-9a-f]{32}$/);
    for (const other of [{ ...entry, location: 10002 }, { ...entry, text: 'sair' }, { ...entry, from: '+5511988887778' }, { ...entry, sentAt: '2026-12-06T10:00:01.000Z' }]) {
      expect(singleInboundId('modem-1', other)).not.toBe(singleInboundId('modem-1', entry));
    }
    expect(singleInboundId('modem-2', entry)).not.toBe(singleInboundId('modem-1', entry));
  });

  it('give a joined SMS the same id whatever order its parts came in', () => {
    const group = { from: '+5511988887777', reference: 23, total: 3 };
    const parts = [part(1, 'a'), part(2, 'b'), part(3, 'c')];
    expect(joinedInboundId('m', group, parts)).toBe(joinedInboundId('m', group, [parts[2]!, parts[0]!, parts[1]!]));
    expect(joinedInboundId('m', group, parts.slice(0, 2))).not.toBe(joinedInboundId('m', group, parts));
  });
});
