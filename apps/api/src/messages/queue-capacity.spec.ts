import { describe, expect, it } from 'vitest';
import { QueueCapacity } from './queue-capacity';

/** A queue whose getJobCounts answers `counts` and records each call. */
function fakeQueue(counts: Record<string, number>) {
  const calls: string[][] = [];
  return {
    calls,
    counts,
    getJobCounts: async (...types: string[]) => {
      calls.push(types);
      return { ...counts };
    },
  };
}
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('QueueCapacity', () => {
  it('refuses what would take the unsent messages above the cap, counting every unsent state', async () => {
    const queue = fakeQueue({ wait: 3, prioritized: 0, delayed: 1, active: 1, 'waiting-children': 0 });
    const capacity = new QueueCapacity(queue, { max: 6 });
    capacity.wouldOverflow(1);
    await settle();
    expect(queue.calls[0]).toEqual(expect.arrayContaining(['wait', 'delayed', 'prioritized', 'active']));
    expect(capacity.wouldOverflow(1)).toBe(false); // 5 + 1 = 6: at the cap, not above
    expect(capacity.wouldOverflow(2)).toBe(true);
  });

  it('counts what this process stored since the last read', async () => {
    const queue = fakeQueue({ wait: 0 });
    const capacity = new QueueCapacity(queue, { max: 3 });
    capacity.wouldOverflow(1);
    await settle();
    capacity.added(3);
    expect(capacity.wouldOverflow(1)).toBe(true);
  });

  it('reads Redis at most once per refresh period, however many requests come', async () => {
    const clock = { now: 0 };
    const queue = fakeQueue({ wait: 10 });
    const capacity = new QueueCapacity(queue, { max: 100, now: () => clock.now });
    for (let i = 0; i < 1_000; i++) capacity.wouldOverflow(1);
    await settle();
    for (let i = 0; i < 1_000; i++) capacity.wouldOverflow(1);
    expect(queue.calls).toHaveLength(1);
    clock.now += 1_000;
    capacity.wouldOverflow(1);
    await settle();
    expect(queue.calls).toHaveLength(2);
  });

  it('sees the queue drain at the next refresh', async () => {
    const clock = { now: 0 };
    const queue = fakeQueue({ wait: 5 });
    const capacity = new QueueCapacity(queue, { max: 5, now: () => clock.now });
    capacity.wouldOverflow(1);
    await settle();
    expect(capacity.wouldOverflow(1)).toBe(true);
    queue.counts.wait = 0;
    clock.now += 1_000;
    capacity.wouldOverflow(1);
    await settle();
    expect(capacity.wouldOverflow(1)).toBe(false);
  });

  it('keeps the last count while Redis is away', async () => {
    const clock = { now: 0 };
    let down = false;
    const queue = {
      getJobCounts: async () => {
        if (down) throw new Error('connection is closed');
        return { wait: 5 };
      },
    };
    const capacity = new QueueCapacity(queue, { max: 5, now: () => clock.now });
    capacity.wouldOverflow(1);
    await settle();
    down = true;
    clock.now += 1_000;
    capacity.wouldOverflow(1);
    await settle();
    expect(capacity.wouldOverflow(1)).toBe(true);
  });
});
