import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeGammu, type FakeGammu } from './fake-gammu';

// The stand-in must print what gammu prints (GAMMU.md), or tests built on it prove nothing.
describe('the scripted gammu stand-in', () => {
  let fake: FakeGammu;
  afterEach(() => fake.remove());
  const run = (...args: string[]) => spawnSync(fake.bin, args, { encoding: 'utf8' });

  it('refuses a send with error 69 exactly as gammu does: the line on stdout and exit 127', () => {
    fake = createFakeGammu({ sendsms: [{ error: 69 }] });
    const result = run('-c', 'rc', 'sendsms', 'TEXT', '123', '-text', 'hi');
    expect(result.status).toBe(127);
    expect(result.stdout).toBe('Sending SMS 1/1....waiting for network answer..error 69, message reference=-1\nUnknown error.\n');
  });

  it('reports a sent message with a message reference and exit 0', () => {
    fake = createFakeGammu();
    const result = run('-c', 'rc', 'sendsms', 'TEXT', '123', '-text', 'hi');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Sending SMS 1\/1.*OK, message reference=\d+\n$/);
  });

  it('prints the network state like networkinfo, consuming scripted steps in order', () => {
    fake = createFakeGammu({ networkinfo: [{ state: 'searching for network' }] });
    expect(run('networkinfo').stdout).toBe('Network state        : searching for network\n');
    expect(run('networkinfo').stdout).toMatch(/^Network state {8}: home network\nNetwork {14}: 999 99 \(GammuTel, Dummy\)/);
  });

  it('fails like a missing device with the exit code given', () => {
    fake = createFakeGammu({ sendsms: [{ exit: 104 }] });
    const result = run('sendsms', 'TEXT', '123', '-text', 'x');
    expect(result.status).toBe(104);
    expect(result.stdout).toBe("Error opening device, it doesn't exist.\n");
  });

  it('records every argument exactly, including texts that look like options', () => {
    fake = createFakeGammu();
    run('-c', 'rc', 'sendsms', 'TEXT', '+5511', '-unicode', '-len', '8', '-text', '-unicode');
    expect(fake.sends()).toEqual([{ to: '+5511', text: '-unicode', argv: ['-c', 'rc', 'sendsms', 'TEXT', '+5511', '-unicode', '-len', '8', '-text', '-unicode'] }]);
  });
});
