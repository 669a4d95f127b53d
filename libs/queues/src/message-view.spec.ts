import type { Job, JobState } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { MessageProgress, SendSmsJobData } from '@sms-gateway/contracts';
import { messageStatus, toMessageView } from './message-view';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const data: SendSmsJobData = { to: '+5511999991234', text: 'oi', encoding: 'gsm7', segments: 1, source: 'v1', acceptedAt: '2026-11-25T11:00:00.000Z' };

function job(overrides: Partial<{ data: Partial<SendSmsJobData>; progress: MessageProgress; attemptsMade: number; failedReason: string; processedOn: number; finishedOn: number; returnvalue: unknown }> = {}) {
  return {
    id: 'm1',
    data: { ...data, ...overrides.data },
    progress: overrides.progress ?? 0,
    attemptsMade: overrides.attemptsMade ?? 0,
    failedReason: overrides.failedReason,
    processedOn: overrides.processedOn,
    finishedOn: overrides.finishedOn,
    returnvalue: overrides.returnvalue,
  } as unknown as Job<SendSmsJobData>;
}
const progress = (state: MessageProgress['state']): MessageProgress => ({ state, transitions: { [state]: '2026-11-25T11:30:00.000Z' } });

describe('messageStatus', () => {
  it.each<[string, JobState, Job<SendSmsJobData>, string]>([
    ['waiting, untouched', 'waiting', job(), 'queued'],
    ['delayed before any attempt', 'delayed', job({ data: { sendAt: '2026-11-26T00:00:00Z' } }), 'scheduled'],
    ['held back without sendAt while replicas confirm it', 'delayed', job(), 'queued'],
    ['handed back for the network', 'waiting', job({ progress: progress('waiting_network') }), 'waiting_network'],
    ['active, gammu running', 'active', job({ progress: progress('sending') }), 'sending'],
    ['back in wait after a run that reached gammu (its lock lapsed): the outcome is still to come', 'waiting', job({ progress: progress('sending') }), 'sending'],
    ['held back while another worker records its send', 'delayed', job({ progress: progress('sending'), attemptsMade: 1 }), 'sending'],
    ['active, the worker still checking the network', 'active', job(), 'queued'],
    ['active again after a retry delay, before the send', 'active', job({ progress: progress('retrying'), attemptsMade: 1 }), 'retrying'],
    ['delayed after a failure', 'delayed', job({ progress: progress('retrying'), attemptsMade: 2 }), 'retrying'],
    ['back in wait after a retry delay', 'waiting', job({ progress: progress('retrying'), attemptsMade: 2 }), 'retrying'],
    ['completed', 'completed', job({ attemptsMade: 1 }), 'sent'],
    ['failed', 'failed', job({ progress: progress('failed'), failedReason: 'gammu exited with 104' }), 'failed'],
    ['failed by expiry', 'failed', job({ progress: progress('expired'), failedReason: 'expired: not sent before …' }), 'expired'],
    // Final only once Redis says so: until the enforcer (or the worker) ends it, a send may still start or be under way.
    ['waiting past its expiry, not yet ended', 'waiting', job({ data: { expiresAt: '2026-11-25T11:59:00Z' } }), 'queued'],
    ['sending past its expiry', 'active', job({ data: { expiresAt: '2026-11-25T11:59:00Z' }, progress: progress('sending') }), 'sending'],
    ['active past its expiry, before the send', 'active', job({ data: { expiresAt: '2026-11-25T11:59:00Z' }, progress: progress('retrying'), attemptsMade: 1 }), 'retrying'],
    ['retrying past its expiry', 'delayed', job({ data: { expiresAt: '2026-11-25T11:59:00Z' }, progress: progress('retrying'), attemptsMade: 1 }), 'retrying'],
  ])('%s → %s', (_case, state, message, expected) => {
    expect(messageStatus(message, state, NOW)).toBe(expected);
  });
});

describe('toMessageView', () => {
  it('shows a sent message with its modem, gammu references, attempts and when each step happened', () => {
    const view = toMessageView(
      job({
        progress: { state: 'sending', modemId: 'modem-1', transitions: { sending: '2026-11-25T11:00:01.000Z', retrying: '2026-11-25T11:00:00.500Z' }, lastError: { kind: 'networkError', code: 69, text: 'x' } },
        attemptsMade: 2,
        finishedOn: Date.parse('2026-11-25T11:00:02Z'),
        returnvalue: { modemId: 'modem-1', references: [17, 18], parts: 2 },
      }),
      'completed',
      NOW,
    );
    expect(view).toEqual({
      id: 'm1',
      status: 'sent',
      to: '**********1234',
      segments: 1,
      encoding: 'gsm7',
      createdAt: '2026-11-25T11:00:00.000Z',
      attempts: 2,
      modemId: 'modem-1',
      messageReferences: [17, 18],
      transitions: {
        queued: '2026-11-25T11:00:00.000Z',
        retrying: '2026-11-25T11:00:00.500Z',
        sending: '2026-11-25T11:00:01.000Z',
        sent: '2026-11-25T11:00:02.000Z',
      },
    });
  });

  it('counts a send that failed in the run still active, before BullMQ counts it', () => {
    // progress('retrying') was recorded at 11:30; the run started at 11:29 (this run) or 11:31 (the next one).
    const failedNow = job({ progress: progress('retrying'), attemptsMade: 0, processedOn: Date.parse('2026-11-25T11:29:00Z') });
    const nextRun = job({ progress: progress('retrying'), attemptsMade: 1, processedOn: Date.parse('2026-11-25T11:31:00Z') });
    expect(toMessageView(failedNow, 'active', NOW)).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(toMessageView(nextRun, 'active', NOW)).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(toMessageView(job({ progress: progress('retrying'), attemptsMade: 1 }), 'delayed', NOW)).toMatchObject({ status: 'retrying', attempts: 1 });
  });

  it('never shows the full number', () => {
    expect(JSON.stringify(toMessageView(job(), 'waiting', NOW))).not.toContain('99999');
  });
});
