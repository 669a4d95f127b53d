import type { AddressInfo } from 'node:net';
import { loadApiConfig } from '@sms-gateway/config';
import { createLogger } from '@sms-gateway/logger';
import { afterAll, beforeAll } from 'vitest';
import {
  createSmsQueueClient,
  deletePrefixKeys,
  SHARED_REDIS_URL,
  startRedisServer,
  uniquePrefix,
  type SmsQueueClient,
  type TestRedis,
} from '@sms-gateway/testing';
import { createApiServer, type ApiServer } from '../src/create-api-server';

export const TOKEN = 'test-token-1234567890';

export interface TestApi {
  readonly url: string;
  readonly prefix: string;
  readonly queue: SmsQueueClient;
  readonly server: ApiServer;
  /** POSTs `body` (an object is sent as JSON) to `path`. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }>;
  /** How many jobs the queue holds, in any state. */
  jobCount(): Promise<number>;
  close(): Promise<void>;
}

/** The real API in this process on port 0, against a real Redis, with its own queue prefix. */
export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const prefix = uniquePrefix('api');
  const redisUrl = env.REDIS_URL ?? SHARED_REDIS_URL;
  const config = loadApiConfig({ SMS_API_TOKEN: TOKEN, PORT: '0', HOST: '127.0.0.1', QUEUE_PREFIX: prefix, REDIS_URL: redisUrl, ...env });
  const server = await createApiServer(config, createLogger({ service: 'api', level: 'error' }));
  const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  const queue = createSmsQueueClient(redisUrl, prefix);
  return {
    url,
    prefix,
    queue,
    server,
    async post(path, body, headers = {}) {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    },
    async jobCount() {
      const counts = await queue.queue.getJobCounts();
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    },
    async close() {
      await server.close();
      await queue.queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      // The webhook queue, idempotency keys and modem records live under the prefix too.
      await deletePrefixKeys(redisUrl, prefix);
    },
  };
}

/**
 * For a describe block whose tests kill or restart Redis: a private redis-server and the API
 * on it, started before the tests and stopped after them.
 */
export function useApiOnPrivateRedis(): { readonly redis: () => TestRedis; readonly api: () => TestApi } {
  let redis: TestRedis;
  let api: TestApi;
  beforeAll(async () => {
    redis = await startRedisServer();
    api = await startTestApi({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await api.close();
    await redis.stop();
  });
  return { redis: () => redis, api: () => api };
}
