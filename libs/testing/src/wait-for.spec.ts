import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first truthy value the probe returns', async () => {
    let calls = 0;
    await expect(waitFor('the third call', () => (++calls === 3 ? 'done' : undefined), { intervalMs: 1 })).resolves.toBe('done');
  });

  it('fails after the bound, naming what it waited for', async () => {
    await expect(waitFor('a thing that never happens', () => false, { timeoutMs: 50, intervalMs: 5 })).rejects.toThrow(
      /timed out after 50 ms waiting for a thing that never happens/,
    );
  });
});
