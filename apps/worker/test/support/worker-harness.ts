import { readFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import {
  createFakeGammu,
  FAST_WORKER_ENV,
  createSmsQueueClient,
  deletePrefixKeys,
  SHARED_REDIS_URL,
  startApp,
  stopAllApps,
  uniquePrefix,
  waitFor,
  type AppProcess,
  type FakeGammu,
  type FakeGammuScenario,
  type GammuCall,
  type LogLine,
  type SmsQueueClient,
} from '@sms-gateway/testing';

export { FAST_WORKER_ENV } from '@sms-gateway/testing';

/**
 * GAMMU_SEND_TIMEOUT_MS for tests where gammu hangs. The fake gammu is a Node script: on a CI
 * machine busy with other suites it can take a few hundred ms just to start, so a tighter
 * timeout would also kill the runs meant to succeed.
 */
export const HUNG_SEND_TIMEOUT_MS = 1_500;

/** One worker process, its scripted modem and a view of its queue. */
export interface WorkerUnderTest {
  readonly prefix: string;
  readonly gammu: FakeGammu;
  readonly client: SmsQueueClient;
  readonly worker: AppProcess;
  /** Log lines with this `event` (and this message id, when given), oldest first. */
  events(event: string, messageId?: string): LogLine[];
  /** Waits until the message is in `state` in Redis. */
  waitForState(id: string, state: string, timeoutMs?: number): Promise<void>;
  /** The fake's calls of one gammu command, oldest first. */
  callsOf(command: 'networkinfo' | 'sendsms'): GammuCall[];
}

export interface StartOptions {
  readonly scenario?: FakeGammuScenario;
  /** Added to (and overriding) FAST_WORKER_ENV. */
  readonly env?: Record<string, string>;
  readonly redisUrl?: string;
  /** Share another run's queue (several workers, one queue); a fresh prefix by default. */
  readonly prefix?: string;
  /** Messages stored before the worker starts (to, text). */
  readonly queued?: readonly (readonly [string, string])[];
  /** Which start-up log line to wait for: `network_ok` (default) or `waiting_network`. */
  readonly until?: 'network_ok' | 'waiting_network' | 'waiting_device';
}

/**
 * Per-test worker runs with full teardown: every test gets its own queue prefix, fake gammu
 * and worker process, and afterEach kills the process, deletes the prefix's keys and removes the fake.
 */
export function useWorkerHarness(label: string) {
  const cleanups: (() => Promise<void> | void)[] = [];

  afterEach(async () => {
    await stopAllApps();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  return {
    async start({
      scenario = {},
      env = {},
      redisUrl = SHARED_REDIS_URL,
      prefix = uniquePrefix(label),
      queued = [],
      until = 'network_ok',
    }: StartOptions = {}): Promise<WorkerUnderTest & { readonly queuedIds: readonly string[] }> {
      const gammu = createFakeGammu(scenario);
      cleanups.push(() => gammu.remove());
      const client = createSmsQueueClient(redisUrl, prefix);
      cleanups.push(async () => {
        await client.close();
        // Every key: the queue, and the modem status and webhook queue the worker wrote.
        // Bounded: a test that leaves its Redis down must not hang the teardown.
        await deletePrefixKeys(redisUrl, prefix);
      });
      const queuedIds: string[] = [];
      for (const [to, text] of queued) queuedIds.push(await client.add(to, text));

      const worker = startApp('worker', {
        ...FAST_WORKER_ENV,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        GAMMU_BIN: gammu.bin,
        GAMMU_CONFIG: '/nonexistent/gammurc-unused-by-the-fake',
        MODEM_ID: `modem-${label}`,
        ...env,
      });
      await worker.waitForLog(until, (line) => line.event === until);

      const run: WorkerUnderTest & { queuedIds: string[] } = {
        prefix,
        gammu,
        client,
        worker,
        queuedIds,
        events: (event, messageId) =>
          worker.logs().filter((line) => line.event === event && (messageId === undefined || line.messageId === messageId)),
        async waitForState(id, state, timeoutMs = 10_000) {
          let last = '';
          try {
            await waitFor(`message ${id} to be ${state}`, async () => (last = await client.state(id)) === state, { timeoutMs });
          } catch (error) {
            throw new Error(`${String(error)}; it is ${last}\n--- worker output ---\n${worker.output().slice(-4000)}`);
          }
        },
        callsOf: (command) => gammu.calls().filter((call) => call.argv.includes(command)),
      };
      return run;
    },
  };
}

/** The app's exit code, failing the test if it has not exited within `timeoutMs`. */
export async function exitCodeWithin(app: AppProcess, timeoutMs: number): Promise<number | null> {
  let code: number | null | undefined;
  void app.exited().then((exitCode) => (code = exitCode));
  await waitFor(`the process to exit within ${timeoutMs} ms\n--- output ---\n${app.output().slice(-2000)}`, () => code !== undefined, { timeoutMs });
  return code ?? null;
}

/** Sends `signal` and returns the exit code, failing the test if it takes longer than `timeoutMs`. */
export function signalAndWait(app: AppProcess, signal: NodeJS.Signals, timeoutMs: number): Promise<number | null> {
  app.child.kill(signal);
  return exitCodeWithin(app, timeoutMs);
}

/** Whether a process with this pid still runs: a zombie (dead, waiting for a parent to reap it) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

