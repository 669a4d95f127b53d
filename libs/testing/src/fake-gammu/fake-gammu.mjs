#!/usr/bin/env node
// A scripted stand-in for the gammu CLI: prints exactly what gammu prints (see GAMMU.md)
// for the outcome its scenario file names, and records every invocation.
// Its folder is given by FAKE_GAMMU_DIR or by the folder this script sits in.
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.env.FAKE_GAMMU_DIR ?? dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
appendFileSync(join(dir, 'calls.jsonl'), `${JSON.stringify({ argv, at: Date.now(), pid: process.pid })}\n`);

const scenario = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
const statePath = join(dir, 'state.json');
// A run killed on a timeout must never leave a half-written state behind: written by rename.
const readState = () => {
  try {
    return existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : {};
  } catch {
    return {};
  }
};
const state = { networkinfo: 0, sendsms: 0, reset: 0, ...readState() };
const command = argv.find((arg) => ['networkinfo', 'sendsms', 'reset', 'monitor', '--version'].includes(arg));

const next = (key, fallback) => {
  const step = (scenario[key] ?? [])[state[key]] ?? fallback;
  state[key] += 1;
  writeFileSync(`${statePath}.${process.pid}`, JSON.stringify(state));
  renameSync(`${statePath}.${process.pid}`, statePath);
  return step;
};
const out = (text) => process.stdout.write(text);

if (command === '--version') {
  out('Gammu version 1.42.0 (fake for tests)\n');
  process.exit(0);
} else if (command === 'networkinfo') {
  const step = next('networkinfo', scenario.networkinfoDefault ?? { state: 'home network' });
  if (step.hang) setInterval(() => undefined, 1000);
  else if (step.exit) {
    out(`${step.stdout ?? "Error opening device, it doesn't exist."}\n`);
    process.exit(step.exit);
  } else {
    out(`Network state        : ${step.state}\n`);
    if (step.state === 'home network' || step.state === 'roaming network') {
      out('Network              : 999 99 (GammuTel, Dummy), LAC B00B, CID FACE\n');
    }
    process.exit(0);
  }
} else if (command === 'monitor') {
  // The lines of `gammu monitor 1` the worker reads (the real one prints many more).
  out(`Signal strength      : ${scenario.signalDbm ?? -71} dBm\nNetwork level        : 62 percent\nNetwork state        : home network\n`);
  process.exit(0);
} else if (command === 'reset') {
  const step = next('reset', scenario.resetDefault ?? {});
  if (step.exit) {
    out(`${step.stdout ?? "Error opening device, it doesn't exist."}\n`);
    process.exit(step.exit);
  }
  process.exit(0);
} else if (command === 'sendsms') {
  const step = next('sendsms', scenario.sendsmsDefault ?? { ok: true });
  process.stderr.write('If you want break, press Ctrl+C...\n');
  const delay = step.delayMs ?? 0;
  setTimeout(() => {
    if (step.hang) {
      out('Sending SMS 1/1');
      setInterval(() => undefined, 1000);
    } else if (step.error !== undefined) {
      out(`Sending SMS 1/1....waiting for network answer..error ${step.error}, message reference=-1\nUnknown error.\n`);
      process.exit(127);
    } else if (step.exit) {
      out(`${step.stdout ?? "Error opening device, it doesn't exist."}\n`);
      process.exit(step.exit);
    } else {
      out(`Sending SMS 1/1....waiting for network answer..OK, message reference=${state.sendsms}\n`);
      process.exit(0);
    }
  }, delay);
} else {
  out(`Unknown command: ${argv.join(' ')}\n`);
  process.exit(101);
}
