import { afterEach } from 'vitest';
import type { MessageView } from '@sms-gateway/queues';
import {
  createFakeGammu,
  FAST_WORKER_ENV,
  SHARED_REDIS_URL,
  startApp,
  startWebhookReceiver,
  waitFor,
  type AppProcess,
  type FakeGammu,
  type FakeGammuScenario,
  type WebhookReceiver,
} from '@sms-gateway/testing';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

/** What a v1 client gets back: the status code and the parsed JSON body. */
export interface V1Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly json: T;
  readonly headers: Headers;
}

/** One GET /v1/messages/:id a test made while waiting, and when. */
export interface Observation {
  readonly at: number;
  readonly view: MessageView;
}

/** A v1 client of one API base URL, sending the token as `Authorization: Bearer`. */
export class V1Client {
  /** Every status answer seen by waitForStatus, per message id, oldest first. */
  readonly seen = new Map<string, Observation[]>();

  constructor(
    readonly baseUrl: string,
    private readonly describe: () => string = () => '',
  ) {}

  async send(body: unknown, headers: Record<string, string> = {}): Promise<V1Answer> {
    const response = await fetch(`${this.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown>, headers: response.headers };
  }

  /** POSTs a message that must be accepted (202); returns its id. */
  async accept(body: Record<string, unknown>): Promise<string> {
    const answer = await this.send(body);
    if (answer.status !== 202) throw new Error(`POST /v1/messages answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    return String(answer.json.id);
  }

  async get(id: string): Promise<V1Answer<MessageView & { error?: { code: string } }>> {
    const response = await fetch(`${this.baseUrl}/v1/messages/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return { status: response.status, json: (await response.json()) as MessageView, headers: response.headers };
  }

  async view(id: string): Promise<MessageView> {
    const answer = await this.get(id);
    if (answer.status !== 200) throw new Error(`GET /v1/messages/${id} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    return answer.json;
  }

  /** Polls GET /v1/messages/:id until `accept` holds, recording every answer in `seen`. */
  async waitFor(id: string, what: string, accept: (view: MessageView) => boolean, timeoutMs: number): Promise<MessageView> {
    const seen = this.seen.get(id) ?? [];
    this.seen.set(id, seen);
    try {
      return await waitFor(
        `message ${id} ${what}`,
        async () => {
          const view = await this.view(id);
          seen.push({ at: Date.now(), view });
          return accept(view) && view;
        },
        { timeoutMs },
      );
    } catch (error) {
      const statuses = seen.map((o) => o.view.status).filter((s, i, all) => s !== all[i - 1]);
      throw new Error(`${String(error)}\nstatuses seen: ${statuses.join(' → ')}\nlast: ${JSON.stringify(seen.at(-1)?.view)}${this.describe()}`);
    }
  }

  /**
   * Waits until two GETs in a row show `status`, and returns the second. (One GET can catch
   * the message mid-transition: see the "never mixes" test in v1-lifecycle.test.ts; the read
   * after it shows the state the message settled in.)
   */
  waitForStatus(id: string, status: MessageView['status'], timeoutMs = 10_000): Promise<MessageView> {
    let previous: MessageView | undefined;
    return this.waitFor(
      id,
      `to be ${status} in two reads in a row`,
      (view) => {
        const settled = previous?.status === status && view.status === status;
        previous = view;
        return settled;
      },
      timeoutMs,
    );
  }
}

export interface WorkerOptions {
  readonly scenario?: FakeGammuScenario;
  /** Added to (and overriding) FAST_WORKER_ENV. */
  readonly env?: Record<string, string>;
  readonly modemId?: string;
  /** A fake to reuse (e.g. created before the worker, to script it first). */
  readonly gammu?: FakeGammu;
}

export interface RunningWorker {
  readonly process: AppProcess;
  readonly gammu: FakeGammu;
  readonly modemId: string;
  /** The fake's sendsms runs, oldest first. */
  sendCalls(): { at: number; argv: readonly string[] }[];
}

/**
 * The v1 API in this process plus real worker processes with scripted modems, sharing one
 * queue prefix. afterEach stops every process, closes every receiver, deletes every Redis
 * key under the prefix and removes the fakes.
 */
export function useV1Stack() {
  const cleanups: (() => Promise<void> | void)[] = [];
  const workers: RunningWorker[] = [];

  afterEach(async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    workers.length = 0;
    if (errors.length) throw new AggregateError(errors, 'teardown failed');
  });

  const describeWorkers = () => workers.map((w) => `\n--- worker ${w.modemId} output ---\n${w.process.output().slice(-3000)}`).join('');

  const stack = {
    /** The API in-process on port 0 (a fresh prefix); `env` as startTestApi takes it. */
    async startApi(env: Record<string, string> = {}): Promise<TestApi & { client: V1Client }> {
      const api = await startTestApi(env);
      cleanups.push(() => api.close()); // deletes every key under its prefix
      return Object.assign(api, { client: new V1Client(api.url, describeWorkers) });
    },

    /** A worker process bound to `prefix`, waiting until it took its first network check. */
    async startWorker(prefix: string, { scenario = {}, env = {}, modemId = 'modem-e2e', gammu }: WorkerOptions = {}): Promise<RunningWorker> {
      const fake = gammu ?? stack.createGammu(scenario);
      const child = startApp('worker', {
        ...FAST_WORKER_ENV,
        REDIS_URL: SHARED_REDIS_URL,
        QUEUE_PREFIX: prefix,
        GAMMU_BIN: fake.bin,
        GAMMU_CONFIG: '/nonexistent/gammurc-unused-by-the-fake',
        MODEM_ID: modemId,
        ...env,
      });
      cleanups.push(() => stopWithin(child, 10_000));
      await child.waitForLog('the start-up network check', (line) => line.event === 'network_ok' || line.event === 'waiting_network');
      const worker: RunningWorker = {
        process: child,
        gammu: fake,
        modemId,
        sendCalls: () => fake.calls().filter((call) => call.argv.includes('sendsms')),
      };
      workers.push(worker);
      return worker;
    },

    /** A scripted gammu, removed (with any run it left behind) at teardown. */
    createGammu(scenario: FakeGammuScenario = {}): FakeGammu {
      const fake = createFakeGammu(scenario);
      cleanups.push(() => fake.remove());
      return fake;
    },

    /** A node:http webhook receiver on 127.0.0.1, closed at teardown. */
    async startReceiver(options?: Parameters<typeof startWebhookReceiver>[0]): Promise<WebhookReceiver> {
      const receiver = await startWebhookReceiver(options);
      cleanups.push(() => receiver.close());
      return receiver;
    },

    /** Runs `cleanup` at teardown (after what is registered later, before what came earlier). */
    onTeardown(cleanup: () => Promise<void> | void) {
      cleanups.push(cleanup);
    },

    /** Waits until the worker's fake has run `count` more network checks than so far. */
    async waitForNetworkChecks(worker: RunningWorker, count: number, timeoutMs = 5_000): Promise<void> {
      const checks = () => worker.gammu.calls().filter((call) => call.argv.includes('networkinfo')).length;
      const target = checks() + count;
      await waitFor(`${count} more network checks by ${worker.modemId}`, () => checks() >= target, { timeoutMs });
    },

    describeWorkers,
  };
  return stack;
}

/** SIGTERM, then SIGKILL if the process has not exited within `timeoutMs`. */
export async function stopWithin(app: AppProcess, timeoutMs: number): Promise<void> {
  const stopped = app.stop('SIGTERM');
  const timer = setTimeout(() => app.child.kill('SIGKILL'), timeoutMs);
  try {
    await stopped;
  } finally {
    clearTimeout(timer);
  }
}


export const ms = (iso: string | undefined): number => {
  if (!iso) throw new Error('expected a timestamp, got none');
  return Date.parse(iso);
};
