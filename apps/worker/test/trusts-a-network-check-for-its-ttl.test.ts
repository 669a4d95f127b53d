import { describe, expect, it } from 'vitest';
import { useWorkerHarness } from './support/worker-harness';

describe('worker: READINESS_TTL_MS', () => {
  const harness = useWorkerHarness('readiness-ttl');

  it('with a long TTL, two messages sent back to back cost a single networkinfo', async () => {
    const run = await harness.start({ env: { READINESS_TTL_MS: '600000' } });
    const first = await run.client.add('5511999990001', 'primeira');
    const second = await run.client.add('5511999990002', 'segunda');
    await run.waitForState(first, 'completed');
    await run.waitForState(second, 'completed');

    expect(run.callsOf('sendsms')).toHaveLength(2);
    expect(run.callsOf('networkinfo')).toHaveLength(1);
  });

  it('with READINESS_TTL_MS=0, every send re-checks the network first', async () => {
    const run = await harness.start({ env: { READINESS_TTL_MS: '0' } });
    const first = await run.client.add('5511999990001', 'primeira');
    const second = await run.client.add('5511999990002', 'segunda');
    await run.waitForState(first, 'completed');
    await run.waitForState(second, 'completed');

    // A batch session's start (`… batch -`) and its end markers (`version …`) are calls too: left out.
    const commands = run.gammu.calls().flatMap((call) => call.argv.filter((arg) => arg === 'networkinfo' || arg === 'sendsms' || arg === '--version'));
    // Start-up: --version, networkinfo; then each send is preceded by its own check.
    expect(commands).toEqual(['--version', 'networkinfo', 'networkinfo', 'sendsms', 'networkinfo', 'sendsms']);
  });
});
