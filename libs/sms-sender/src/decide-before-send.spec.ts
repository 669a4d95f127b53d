import { describe, expect, it } from 'vitest';
import { decideBeforeSend, type BeforeSendFacts } from './decide-before-send';
import type { SendRecord } from './send-record';

const NOW = Date.parse('2030-01-01T12:00:00Z');
const fresh: BeforeSendFacts = { refused: false, now: NOW, optedOut: false };
const sentRecord: SendRecord = { runId: 'r1', outcome: 'sent', sent: { modemId: 'm', references: [9], parts: 1, sentAt: '2030-01-01T11:59:00Z' } };
const partialRecord: SendRecord = { runId: 'r1', outcome: 'partially_sent', lastError: { kind: 'partially_sent', text: '1 of 2', partsSent: { sent: 1, of: 2 } } };
const past = '2030-01-01T11:00:00Z';

describe('decideBeforeSend', () => {
  it.each<[string, Partial<BeforeSendFacts>, string]>([
    ['a fresh message', {}, 'send'],
    ['a message the API refused with 503', { refused: true }, 'withdraw'],
    ['a refused message, even one recorded as sent', { refused: true, record: sentRecord }, 'withdraw'],
    ['a message an earlier run sent (its lock lapsed while Redis was away)', { record: sentRecord, interrupted: { runId: 'r1', ownerAlive: false } }, 'already_sent'],
    ['a message an earlier run sent, now past its expiry', { record: sentRecord, expiresAt: past }, 'already_sent'],
    ['a multipart message whose earlier run sent some parts', { record: partialRecord }, 'already_partially_sent'],
    ['a message whose last run failed with nothing sent', { record: { runId: 'r1', outcome: 'not_sent' }, interrupted: { runId: 'r1', ownerAlive: true } }, 'send'],
    ['a message whose send is in flight on a live worker', { interrupted: { runId: 'r2', ownerAlive: true } }, 'await_outcome'],
    ['a message in flight on a live worker, past its expiry (the send decides)', { interrupted: { runId: 'r2', ownerAlive: true }, expiresAt: past }, 'await_outcome'],
    ['a message whose worker died mid-send', { interrupted: { runId: 'r2', ownerAlive: false } }, 'send'],
    ['a message past its expiry', { expiresAt: past }, 'expire'],
    ['a message exactly at its expiry', { expiresAt: new Date(NOW).toISOString() }, 'expire'],
    ['a message before its expiry', { expiresAt: '2030-01-01T13:00:00Z' }, 'send'],
    ['a message whose stored number can never be sent', { dataProblem: 'number starts with "-"' }, 'reject'],
    ['an expired message with a bad number: expiry first', { dataProblem: 'bad', expiresAt: past }, 'expire'],
    ['a message to a number that opted out', { optedOut: true }, 'opted_out'],
  ])('%s → %s', (_name, facts, kind) => {
    expect(decideBeforeSend({ ...fresh, ...facts }).kind).toBe(kind);
  });

  it('marks a send after a dead worker\'s interrupted run as a resend', () => {
    expect(decideBeforeSend({ ...fresh, interrupted: { runId: 'r2', ownerAlive: false } })).toEqual({ kind: 'send', resend: true });
    expect(decideBeforeSend(fresh)).toEqual({ kind: 'send', resend: false });
  });

  it('finishes an already-sent message with what that run recorded', () => {
    expect(decideBeforeSend({ ...fresh, record: sentRecord })).toEqual({ kind: 'already_sent', sent: sentRecord.sent });
  });
});
