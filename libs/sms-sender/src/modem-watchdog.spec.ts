import { describe, expect, it } from 'vitest';
import type { SendResult } from '@sms-gateway/gammu';
import { ModemWatchdog } from './modem-watchdog';

const timeout: SendResult = { kind: 'timeout', afterMs: 45_000 };
const noAnswer: SendResult = { kind: 'deviceError', exitCode: 114, detail: 'No response in specified timeout.' };
const unplugged: SendResult = { kind: 'deviceError', exitCode: 104, detail: "Error opening device, it doesn't exist." };
const refused: SendResult = { kind: 'networkError', code: 69, detail: '' };
const sent: SendResult = { kind: 'sent', references: [1], parts: 1 };

function watchdog(maxDeviceErrors = 3) {
  const resets: string[] = [];
  const dog = new ModemWatchdog({ maxDeviceErrors, reset: async (reason) => void resets.push(reason) });
  return { dog, resets };
}

describe('ModemWatchdog', () => {
  it('resets the modem after maxDeviceErrors timeouts or device errors in a row, then counts afresh', async () => {
    const { dog, resets } = watchdog(3);
    for (const result of [timeout, noAnswer]) await dog.observe(result);
    expect(resets).toHaveLength(0);
    await dog.observe(timeout);
    expect(resets).toEqual(['3 device errors or timeouts in a row (last: timeout)']);
    await dog.observe(timeout);
    await dog.observe(timeout);
    expect(resets).toHaveLength(1);
  });

  it('a success or a network refusal breaks the run', async () => {
    const { dog, resets } = watchdog(2);
    for (const result of [timeout, sent, timeout, refused, timeout]) await dog.observe(result);
    expect(resets).toHaveLength(0);
  });

  it('does not reset for an unplugged, locked or forbidden device: a reset cannot fix those', async () => {
    const { dog, resets } = watchdog(2);
    for (let i = 0; i < 5; i++) await dog.observe(unplugged);
    await dog.observe({ kind: 'deviceError', exitCode: 103, detail: 'locked' });
    await dog.observe({ kind: 'deviceError', exitCode: 106, detail: 'permission' });
    expect(resets).toHaveLength(0);
  });
});
