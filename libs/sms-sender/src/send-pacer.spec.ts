import { describe, expect, it } from 'vitest';
import { SendPacer } from './send-pacer';

function pacerAt(options: ConstructorParameters<typeof SendPacer>[0]) {
  let now = 1_000_000;
  const pacer = new SendPacer({ random: () => 0, ...options, now: () => now });
  return {
    pacer,
    advance: (ms: number) => (now += ms),
    send: () => pacer.recordSend(),
  };
}

describe('SendPacer', () => {
  it('lets every send through at once without limits', () => {
    const { pacer, send } = pacerAt({ minGapMs: 0 });
    for (let i = 0; i < 100; i++) send();
    expect(pacer.delayBeforeNext()).toBe(0);
  });

  it('keeps at least minGapMs between sends', () => {
    const { pacer, send, advance } = pacerAt({ minGapMs: 3_000 });
    expect(pacer.delayBeforeNext()).toBe(0);
    send();
    expect(pacer.delayBeforeNext()).toBe(3_000);
    advance(1_000);
    expect(pacer.delayBeforeNext()).toBe(2_000);
    advance(2_000);
    expect(pacer.delayBeforeNext()).toBe(0);
  });

  it('adds up to 20% random jitter to the gap', () => {
    const pacer = new SendPacer({ minGapMs: 1_000, random: () => 1, now: () => 0 });
    pacer.recordSend();
    expect(pacer.delayBeforeNext()).toBe(1_200);
  });

  it('never allows more than maxPerMinute sends in any window', () => {
    const { pacer, send, advance } = pacerAt({ maxPerMinute: 3, minGapMs: 0 });
    send();
    advance(10_000);
    send();
    advance(10_000);
    send();
    // three sends at t=0, 10 s, 20 s: the fourth waits until the first leaves the window (t=60 s)
    expect(pacer.delayBeforeNext()).toBe(40_000);
    advance(40_000);
    expect(pacer.delayBeforeNext()).toBe(0);
    send();
    expect(pacer.delayBeforeNext()).toBe(10_000);
  });

  it('counts over a configured window', () => {
    const { pacer, send } = pacerAt({ maxPerMinute: 2, windowMs: 1_000, minGapMs: 0 });
    send();
    send();
    expect(pacer.delayBeforeNext()).toBe(1_000);
  });
});
