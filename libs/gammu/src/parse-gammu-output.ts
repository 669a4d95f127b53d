import type { ProcessResult } from './run-process';
import type { NetworkStatus, PartsOut, SendResult } from './gammu-results';

const SENT_PART = /Sending SMS (\d+)\/(\d+).*?OK, message reference=(\d+)/gs;
const NETWORK_ERROR = /error (\d+), message reference=-1/;

/** The last meaningful line gammu printed, for logs and the job's failure reason. */
function lastLine(text: string): string {
  const lines = text.split(/\r?\n|…/).map((line) => line.trim()).filter(Boolean);
  return lines.at(-1) ?? '';
}

/** The parts gammu reported as gone out, when a failed run had sent some. */
function partsOut(stdout: string): PartsOut {
  const references = [...stdout.matchAll(SENT_PART)].map((match) => Number(match[3]));
  if (references.length === 0) return {};
  const of = Number(/Sending SMS \d+\/(\d+)/.exec(stdout)?.[1] ?? references.length);
  return { partsSent: { sent: references.length, of, references } };
}

/** Turns a finished `gammu sendsms` run into a typed result. Pure. */
export function parseSendResult(run: ProcessResult): SendResult {
  if (run.timedOut) return { kind: 'timeout', afterMs: run.durationMs, ...partsOut(run.stdout) };
  if (run.spawnError) return { kind: 'unknown', detail: `cannot run gammu: ${run.spawnError.message}` };
  const networkError = NETWORK_ERROR.exec(run.stdout);
  if (networkError) {
    return { kind: 'networkError', code: Number(networkError[1]), detail: lastLine(run.stdout), ...partsOut(run.stdout) };
  }
  if (run.exitCode === 0) {
    const references = [...run.stdout.matchAll(SENT_PART)].map((match) => Number(match[3]));
    const parts = Number(/Sending SMS \d+\/(\d+)/.exec(run.stdout)?.[1] ?? references.length);
    return { kind: 'sent', references, parts };
  }
  if (run.exitCode !== null) {
    return { kind: 'deviceError', exitCode: run.exitCode, detail: lastLine(run.stdout) || lastLine(run.stderr), ...partsOut(run.stdout) };
  }
  return { kind: 'unknown', detail: `gammu was killed by ${run.signal ?? 'an unknown signal'}`, ...partsOut(run.stdout) };
}

const NETWORK_STATE = /^Network state\s*:\s*(.+)$/m;
const NETWORK_NAME = /^Network\s*:\s*[^(]*\(([^)]*)\)/m;

/** Turns a finished `gammu networkinfo` run into a readiness verdict. Pure. */
export function parseNetworkStatus(run: ProcessResult, options: { allowRoaming: boolean }): NetworkStatus {
  if (run.timedOut) return { registered: false, state: `network check timed out after ${run.durationMs} ms` };
  if (run.spawnError) return { registered: false, state: `cannot run gammu: ${run.spawnError.message}` };
  if (run.exitCode !== 0) {
    const detail = lastLine(run.stdout) || lastLine(run.stderr) || 'no output';
    return { registered: false, state: `network check failed (exit ${run.exitCode ?? run.signal}): ${detail}` };
  }
  const state = NETWORK_STATE.exec(run.stdout)?.[1]?.trim() ?? 'unknown';
  const network = NETWORK_NAME.exec(run.stdout)?.[1];
  const registered = state === 'home network' || (options.allowRoaming && state === 'roaming network');
  return { registered, state, ...(network ? { network } : {}) };
}

const SIGNAL = /^Signal strength\s*:\s*(-?\d+)\s*dBm/m;

/** The signal strength (dBm) in a `gammu monitor` run, or undefined when it is not reported. Pure. */
export function parseSignalStrength(run: ProcessResult): number | undefined {
  if (run.timedOut || run.spawnError || run.exitCode !== 0) return undefined;
  const match = SIGNAL.exec(run.stdout);
  return match ? Number(match[1]) : undefined;
}
