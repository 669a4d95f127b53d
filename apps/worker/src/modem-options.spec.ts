import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '@sms-gateway/config';
import type { Logger } from '@sms-gateway/logger';
import type { WorkerMetrics } from '@sms-gateway/metrics';
import type { ModemOptions } from '@sms-gateway/sms-sender';
import { modemOptions } from './modem-options';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function gammurc(device: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'modem-options-'));
  dirs.push(dir);
  const path = join(dir, 'gammurc');
  writeFileSync(path, `[gammu]\ndevice = ${device.replace('<dir>', dir)}\nconnection = none\nmodel = dummy\n`);
  return path;
}

const optionsFor = (config: string, env: Record<string, string> = {}) =>
  modemOptions(loadWorkerConfig({ GAMMU_CONFIG: config, MODEM_ID: 'm1', ...env }), {
    gammu: {} as ModemOptions['gammu'] & { send: never },
    redis: {} as Redis,
    logger: {} as Logger,
    metrics: {} as WorkerMetrics,
  });

describe('modemOptions', () => {
  it('locks the device a gammurc names, resolved through symlinks (two spellings, one lock)', () => {
    const config = gammurc('<dir>/by-id');
    const dir = config.replace(/\/gammurc$/, '');
    mkdirSync(join(dir, 'phone'));
    symlinkSync(join(dir, 'phone'), join(dir, 'by-id'));
    expect(optionsFor(config).device).toBe(join(dir, 'phone'));
  });

  it('locks a device that does not exist yet by its path', () => {
    expect(optionsFor(gammurc('/dev/ttyUSB-not-plugged-in')).device).toBe(resolve('/dev/ttyUSB-not-plugged-in'));
  });

  it('locks nothing when the gammurc cannot be read (gammu then fails on its own)', () => {
    expect(optionsFor('/nonexistent/gammurc').device).toBeUndefined();
  });

  it('passes the carrier limits and the watchdog settings through', () => {
    const options = optionsFor('/nonexistent/gammurc', { MODEM_MAX_PER_MINUTE: '6', MODEM_MIN_GAP_MS: '2000', MODEM_RESET_COMMAND: 'usbreset 12d1:1506' });
    expect(options.pacing).toMatchObject({ maxPerMinute: 6, minGapMs: 2_000 });
    expect(options.watchdog).toMatchObject({ resetCommand: 'usbreset 12d1:1506' });
    expect(options.modemId).toBe('m1');
  });
});
