import { describe, expect, it } from 'vitest';
import { tempDir, writeDummyGammurc } from '@sms-gateway/testing';
import { useWorkerHarness } from './support/worker-harness';

describe('worker: GAMMU_CONFIG that does not exist', () => {
  const harness = useWorkerHarness('no-gammurc');

  it('says so in one warning at start (gammu would fall back to its built-in device) and still runs', async () => {
    const run = await harness.start({ env: { GAMMU_CONFIG: '/nonexistent/gammurc' } });
    expect(run.events('gammu_config_missing')).toEqual([expect.objectContaining({ level: 'warn', gammuConfig: '/nonexistent/gammurc' })]);
  });

  it('says nothing when the gammurc exists', async () => {
    const dir = tempDir('gammurc');
    try {
      const run = await harness.start({ env: { GAMMU_CONFIG: writeDummyGammurc(dir.path) } });
      expect(run.events('gammu_config_missing')).toEqual([]);
    } finally {
      dir.remove();
    }
  });
});
