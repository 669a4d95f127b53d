import { describe, expect, it } from 'vitest';
import { tempDir, uniquePrefix, writeDummyGammurc } from '@sms-gateway/testing';
import { useWorkerHarness } from './support/worker-harness';

describe('worker: one worker per device', () => {
  const harness = useWorkerHarness('device-lock');

  it("two workers pointed at one dummy-driver modem never have it open together: the second waits until the first stops", async () => {
    const dir = tempDir('dummy-device');
    try {
      const gammurc = writeDummyGammurc(dir.path);
      const prefix = uniquePrefix('device-lock');
      const first = await harness.start({ prefix, env: { MODEM_ID: 'first', GAMMU_CONFIG: gammurc } });
      const second = await harness.start({ prefix, env: { MODEM_ID: 'second', GAMMU_CONFIG: gammurc }, until: 'waiting_device' });
      expect(second.events('waiting_device')[0]).toMatchObject({ heldBy: expect.stringContaining('first') });

      const id = await first.client.add('5511900000001', 'só um abre o modem');
      await first.waitForState(id, 'completed');
      // The second never ran a gammu command on the device (only `gammu --version` at start).
      expect(second.gammu.calls().filter((call) => !call.argv.includes('--version'))).toEqual([]);

      expect(await first.worker.stop('SIGTERM')).toBe(0);
      await second.worker.waitForLog('the second to take the device', (line) => line.event === 'network_ok', 10_000);
    } finally {
      dir.remove();
    }
  });
});
