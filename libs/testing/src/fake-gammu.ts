import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gammuCallLog, type RecordedGammu } from './gammu-call-log';
import { tempDir } from './temp-dir';

/**
 * What one scripted gammu command does, one-shot or inside a batch run alike. Steps are consumed
 * in order; then the default applies. A non-zero exit ends a batch run, as with the real gammu.
 */
export type NetworkStep = { state: string; delayMs?: number } | { exit: number; stdout?: string; delayMs?: number } | { hang: true };
export type SendStep =
  | { ok: true; delayMs?: number }
  /** `partsOk`: parts of a concatenated SMS that go out before this one is refused (of `of`, default partsOk + 1). */
  | { error: number; delayMs?: number; partsOk?: number; of?: number }
  | { exit: number; stdout?: string; delayMs?: number }
  | { hang: true };

/** `getallsms`: lists the memory unless told to fail or hang. */
export type ListStep = { exit?: number; stdout?: string; delayMs?: number; hang?: true };
/** `deletesms`: deletes the entry unless told to fail or hang (a missing entry fails as gammu does). */
export type DeleteStep = { exit?: number; stdout?: string; delayMs?: number; hang?: true };

/** An entry to put in the stand-in's message memory, printed by `getallsms` as gammu prints it. */
export type FakeStoredMessage =
  | {
      kind: 'sms';
      from: string;
      text: string;
      /** ISO time. @defaultValue now */
      sentAt?: string;
      unicode?: boolean;
      /** A part of a concatenated SMS. */
      concat?: { id: number; part: number; total: number };
      /** @defaultValue "Inbox"; any other folder prints as a sent copy would. */
      folder?: string;
    }
  | {
      kind: 'report';
      recipient: string;
      reference: number;
      status: 'Delivered' | 'Failed' | 'Pending' | 'Unknown';
      detail?: string;
      sentAt?: string;
    }
  /** An entry gammu cannot make sense of: `text` is printed after the location line. */
  | { kind: 'raw'; text: string };

export interface FakeGammuScenario {
  /** Opening the device: paid once per gammu process, at its first command that talks to the phone. @defaultValue 0 */
  connectMs?: number;
  networkinfo?: NetworkStep[];
  networkinfoDefault?: NetworkStep;
  sendsms?: SendStep[];
  sendsmsDefault?: SendStep;
  /** What `monitor 1` reports as the signal strength. @defaultValue -71 */
  signalDbm?: number;
  /** `reset SOFT` succeeds unless told to fail. */
  reset?: { exit?: number; stdout?: string }[];
  resetDefault?: { exit?: number; stdout?: string };
  getallsms?: ListStep[];
  getallsmsDefault?: ListStep;
  deletesms?: DeleteStep[];
  deletesmsDefault?: DeleteStep;
}

export interface FakeGammu extends RecordedGammu {
  /** Replaces the scenario (state counters restart). */
  script(scenario: FakeGammuScenario): void;
  /** Puts messages into the modem's memory, after those already there; returns their locations. */
  store(messages: readonly FakeStoredMessage[]): number[];
  /** What the modem's memory holds now (entries the worker has not deleted), with their locations. */
  stored(): (FakeStoredMessage & { location: number })[];
}

const SCRIPT = fileURLToPath(new URL('./fake-gammu/fake-gammu.mjs', import.meta.url));

/**
 * A scripted gammu in its own folder; see fake-gammu.mjs for the exact output. It knows batch
 * mode (`… batch -`, commands on stdin) and buffers its stdout as gammu's C stdio does: line by
 * line only under `stdbuf -oL`, otherwise in 4 KB blocks or at exit.
 */
export function createFakeGammu(scenario: FakeGammuScenario = {}): FakeGammu {
  const dir = tempDir('gammu');
  const bin = join(dir.path, 'gammu');
  copyFileSync(SCRIPT, bin); // the copy finds its scenario next to itself
  const memoryPath = join(dir.path, 'memory.json');
  type Memory = { next: number; entries: (FakeStoredMessage & { location: number })[] };
  // Locations start where the dummy driver's inbox does (folder 1 × 10000 + n).
  const readMemory = (): Memory => (existsSync(memoryPath) ? (JSON.parse(readFileSync(memoryPath, 'utf8')) as Memory) : { next: 10_001, entries: [] });
  const fake: FakeGammu = {
    bin,
    script(next) {
      writeFileSync(join(dir.path, 'scenario.json'), JSON.stringify(next));
      writeFileSync(join(dir.path, 'state.json'), JSON.stringify({ networkinfo: 0, sendsms: 0, reset: 0 }));
    },
    store(messages) {
      const memory = readMemory();
      const now = new Date().toISOString();
      const added = messages.map((message, i) => ({
        ...(message.kind === 'raw' ? {} : { sentAt: now }),
        ...message,
        location: memory.next + i,
      }));
      writeFileSync(memoryPath, JSON.stringify({ next: memory.next + added.length, entries: [...memory.entries, ...added] }));
      return added.map((entry) => entry.location);
    },
    stored: () => readMemory().entries,
    ...gammuCallLog(dir),
  };
  fake.script(scenario);
  return fake;
}
