import { setTimeout as sleep } from 'node:timers/promises';
import {
  createFakeGammu,
  createGammuRecorder,
  createSmsQueueClient,
  deletePrefixKeys,
  FAST_WORKER_ENV,
  freePort,
  httpRequest,
  startApp,
  stopAllApps,
  uniquePrefix,
  waitFor,
  type AppProcess,
  type FakeGammuScenario,
  type HttpExchange,
  type RecordedGammu,
  type SmsQueueClient,
} from '@sms-gateway/testing';

export const TOKEN = 'e2e-token-0123456789';

export interface RunningApi {
  readonly app: AppProcess;
  readonly port: number;
  readonly url: string;
}

export interface RunningWorker {
  readonly app: AppProcess;
  readonly gammu: RecordedGammu;
  readonly modemId: string;
}

/** What a client got for one `POST /enviar-sms`. */
export interface SmsOutcome extends HttpExchange {
  readonly text: string;
  /** The message id of a 202. */
  readonly id?: string;
}

/**
 * One deployment under test: a queue prefix of its own, API and worker processes (each worker
 * with its own gammu stand-in), and `teardown()` that kills whatever is still running, removes
 * the modems and deletes every Redis key of the prefix.
 */
export function createGateway(label: string, redisUrl: string) {
  const prefix = uniquePrefix(label);
  /** Every modem (scripted fake or recorded real gammu) started so far. */
  const modems: RecordedGammu[] = [];
  let client: SmsQueueClient | undefined;
  let workers = 0;

  const gateway = {
    prefix,
    redisUrl,

    /** The API as a real process (`dist/apps/api/main.js`), on `port` or a free one. */
    async startApi({ port, env = {} }: { port?: number; env?: Record<string, string> } = {}): Promise<RunningApi> {
      const listenPort = port ?? (await freePort());
      const app = startApp('api', {
        SMS_API_TOKEN: TOKEN,
        PORT: String(listenPort),
        HOST: '127.0.0.1',
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        ...env,
      });
      await app.waitForLog('api started', (line) => line.event === 'started', 20_000);
      return { app, port: listenPort, url: `http://127.0.0.1:${listenPort}` };
    },

    /**
     * A worker process with its own modem; resolves once it takes messages (`until`). The modem
     * is a scripted fake gammu, or with `modem: 'real gammu'` the real gammu on its dummy driver
     * (recorded the same way, and ten times faster to run than the fake, which is a Node script).
     */
    async startWorker({
      scenario = {},
      modem = 'scripted',
      env = {},
      until = 'network_ok',
    }: {
      scenario?: FakeGammuScenario;
      modem?: 'scripted' | 'real gammu';
      env?: Record<string, string>;
      until?: 'network_ok' | 'started';
    } = {}): Promise<RunningWorker> {
      const recorder = modem === 'real gammu' ? createGammuRecorder() : undefined;
      const gammu = recorder ?? createFakeGammu(scenario);
      modems.push(gammu);
      const modemId = `${label}-modem-${++workers}`;
      const app = startApp('worker', {
        ...FAST_WORKER_ENV,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        GAMMU_BIN: gammu.bin,
        GAMMU_CONFIG: recorder?.gammurc ?? '/nonexistent/gammurc-unused-by-the-fake',
        MODEM_ID: modemId,
        ...env,
      });
      await app.waitForLog(`worker ${modemId} ${until}`, (line) => line.event === until, 20_000);
      return { app, gammu, modemId };
    },

    /** The test's own view of the queue (created on first use). */
    queue(): SmsQueueClient {
      if (!client) {
        client = createSmsQueueClient(redisUrl, prefix);
        client.queue.on('error', () => undefined); // tests that kill Redis expect connection errors
      }
      return client;
    },

    /** How many times each text was handed to a (fake) modem, over every worker so far. */
    sentCounts(): Map<string, number> {
      const counts = new Map<string, number>();
      for (const modem of modems) for (const { text } of modem.sends()) counts.set(text, (counts.get(text) ?? 0) + 1);
      return counts;
    },

    /** Waits until every text in `texts` was sent at least once; returns the counts. */
    async waitUntilSent(texts: Iterable<string>, timeoutMs: number): Promise<Map<string, number>> {
      const expected = [...texts];
      let missing: string[] = [];
      try {
        return await waitFor(
          `${expected.length} messages to be sent`,
          () => {
            const counts = gateway.sentCounts();
            missing = expected.filter((text) => !counts.has(text));
            return missing.length === 0 && counts;
          },
          { timeoutMs, intervalMs: 200 },
        );
      } catch (error) {
        throw new Error(`${String(error)}: ${missing.length} never sent, e.g. ${missing.slice(0, 5).join(', ')}`);
      }
    },

    async teardown(): Promise<void> {
      await stopAllApps();
      for (const modem of modems) await modem.remove();
      await client?.close();
      // Every key of this prefix: the queue and what the apps keep next to it (modem status, …).
      await deletePrefixKeys(redisUrl, prefix);
    },
  };
  return gateway;
}

export type Gateway = ReturnType<typeof createGateway>;

/** `POST /enviar-sms` as the original clients send it (JSON body, token in the body). */
export async function postSms(port: number, text: string, { numero = '5511999990000', timeoutMs = 10_000 } = {}): Promise<SmsOutcome> {
  const answer = await httpRequest({
    port,
    path: '/enviar-sms',
    headers: [['content-type', 'application/json']],
    body: JSON.stringify({ token: TOKEN, numero, mensagem: text }),
    timeoutMs,
  });
  let id: string | undefined;
  if (answer.status === 202) id = (JSON.parse(answer.body) as { id?: string }).id;
  return { ...answer, text, ...(id ? { id } : {}) };
}

export interface ClientLoop {
  /** Every outcome so far, in the order the answers came. */
  readonly outcomes: SmsOutcome[];
  /** Stops sending new requests and resolves once the ones in flight are answered. */
  stop(): Promise<SmsOutcome[]>;
  /** Resolves once `count` requests have reached a server (or after stop()). */
  readonly done: Promise<SmsOutcome[]>;
}

/**
 * A client sending `POST /enviar-sms` from `concurrency` lanes, each waiting `pauseMs` after
 * every answer (so the load spreads over the faults the test injects) and `pauseAfterErrorMs`
 * after a connection error (as a client backs off from a server that is away), until `count`
 * requests have reached a server (texts `<label>-0`, `<label>-1`, …) or stop(). `port()` is
 * asked before each request.
 */
export function startClientLoop({
  port,
  label,
  concurrency,
  pauseMs,
  pauseAfterErrorMs = pauseMs,
  count = Number.POSITIVE_INFINITY,
}: {
  port: () => number;
  label: string;
  concurrency: number;
  pauseMs: number;
  pauseAfterErrorMs?: number;
  count?: number;
}): ClientLoop {
  const outcomes: SmsOutcome[] = [];
  let next = 0;
  let reached = 0;
  let inFlight = 0;
  let stopped = false;
  const lane = async () => {
    while (!stopped && reached + inFlight < count) {
      const text = `${label}-${next++}`;
      inFlight++;
      const outcome = await postSms(port(), text);
      inFlight--;
      // A refused connection reached no server (none was listening): it does not use up `count`.
      if (outcome.error !== 'ECONNREFUSED') reached++;
      outcomes.push(outcome);
      const pause = outcome.status === undefined ? pauseAfterErrorMs : pauseMs;
      if (pause > 0) await sleep(pause);
    }
  };
  const done = Promise.all(Array.from({ length: concurrency }, lane)).then(() => outcomes);
  return {
    outcomes,
    done,
    stop() {
      stopped = true;
      return done;
    },
  };
}

/** Texts that got a 202, and a one-line summary of every outcome ("202×40 503×12 ECONNREFUSED×3"). */
export function summarize(outcomes: readonly SmsOutcome[]): { accepted: string[]; summary: string } {
  const tally = new Map<string, number>();
  for (const outcome of outcomes) {
    const key = outcome.status !== undefined ? String(outcome.status) : (outcome.error ?? 'unknown');
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  return {
    accepted: outcomes.filter((outcome) => outcome.status === 202).map((outcome) => outcome.text),
    summary: [...tally].map(([key, count]) => `${key}×${count}`).join(' '),
  };
}

/** Texts sent more than once, with their counts. */
export function duplicatesOf(counts: Map<string, number>): [string, number][] {
  return [...counts].filter(([, count]) => count > 1);
}

