import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAMES, type MessageStatus } from '@sms-gateway/contracts';
import { messageIndexEntry, messageIndexKeys, ORPHAN_GRACE_MS } from '@sms-gateway/queues';
import { createSmsQueueClient, deletePrefixKeys, SHARED_REDIS_URL, uniquePrefix, waitFor } from '@sms-gateway/testing';
import { startTestApi, TOKEN, type TestApi } from './api-harness';

const auth = { authorization: `Bearer ${TOKEN}` };
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

interface Page {
  data: { id: string; status: MessageStatus; createdAt: string }[];
  nextCursor?: string;
}

async function list(api: TestApi, query: string): Promise<Page> {
  const response = await fetch(`${api.url}/v1/messages?${query}`, { headers: auth });
  if (response.status !== 200) throw new Error(`GET /v1/messages?${query} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Page;
}

/** Follows nextCursor from the first page to the last; `between` runs after each page. */
async function pageThrough(api: TestApi, query: string, between: (pageNumber: number) => Promise<void> = async () => undefined) {
  const pages: Page[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(api, `${query}${cursor ? `&cursor=${cursor}` : ''}`);
    pages.push(page);
    cursor = page.nextCursor;
    await between(pages.length);
    if (pages.length > 10_000) throw new Error('the cursor never ends');
  } while (cursor);
  return pages;
}

const ids = (pages: Page[]) => pages.flatMap((page) => page.data.map((message) => message.id));

describe('GET /v1/messages paging', () => {
  let api: TestApi;
  let worker: Worker | undefined;
  let release: () => void = () => undefined;
  /** Every message accepted, oldest first. */
  const accepted: string[] = [];

  async function accept(text: string, extra: Record<string, unknown> = {}): Promise<string> {
    const answer = await api.post('/v1/messages', { to: '5511999990001', text, ...extra }, auth);
    if (answer.status !== 202) throw new Error(`POST answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    const id = String(answer.json.id);
    accepted.push(id);
    return id;
  }

  beforeAll(async () => {
    api = await startTestApi();
    // Messages in every state, accepted interleaved: the listing must order them by acceptance.
    for (let i = 0; i < 8; i++) {
      await accept('ok');
      await accept('fail');
      await accept('hold');
      await accept('later', { sendAt: inAnHour() });
    }
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    worker = new Worker(
      QUEUE_NAMES.outgoingSms,
      async (job) => {
        if (job.data.text === 'fail') throw new UnrecoverableError('refused by the test');
        if (job.data.text === 'hold') {
          await job.updateProgress({ state: 'sending', transitions: { sending: new Date().toISOString() } });
          await held;
        }
        return {};
      },
      { connection: new Redis(SHARED_REDIS_URL, { maxRetriesPerRequest: null }), prefix: api.prefix, concurrency: 50 },
    );
    await waitFor('8 sent, 8 failed, 8 active', async () => {
      const counts = await api.queue.queue.getJobCounts('completed', 'failed', 'active');
      return counts.completed === 8 && counts.failed === 8 && counts.active === 8;
    });
    await worker.pause(true);
    for (let i = 0; i < 8; i++) await accept(i % 2 ? 'waits' : 'waits too');
  });
  afterAll(async () => {
    release();
    await worker?.close();
    await api.close();
  });

  it('shows every message exactly once, newest first across every state, for any page size', async () => {
    const statuses = new Set((await list(api, 'limit=100')).data.map((message) => message.status));
    expect([...statuses].sort()).toEqual(['failed', 'queued', 'scheduled', 'sending', 'sent']);
    for (const limit of [1, 3, 7, 20, 100]) {
      const pages = await pageThrough(api, `limit=${limit}`);
      expect({ limit, ids: ids(pages) }).toEqual({ limit, ids: [...accepted].reverse() });
      expect(pages.every((page) => page.data.length <= limit)).toBe(true);
    }
  });

  it('keeps a cursor valid while new messages arrive: no message is skipped or shown twice', async () => {
    const before = [...accepted].reverse();
    const added: string[] = [];
    const pages = await pageThrough(api, 'limit=5', async () => {
      added.push(await accept('new while paging'));
    });
    expect(ids(pages)).toEqual(before);
    const first = await list(api, 'limit=100');
    expect(first.data.slice(0, added.length).map((message) => message.id)).toEqual([...added].reverse());
  });

  it('filters by status across pages, and ends when nextCursor is absent', async () => {
    for (const [status, count] of [['scheduled', 8], ['sent', 8], ['failed', 8], ['sending', 8]] as const) {
      const pages = await pageThrough(api, `status=${status}&limit=3`);
      const listed = pages.flatMap((page) => page.data);
      expect({ status, count: listed.length, unique: new Set(listed.map((m) => m.id)).size }).toEqual({ status, count, unique: count });
      expect(listed.every((message) => message.status === status)).toBe(true);
      expect(listed.map((m) => m.createdAt)).toEqual(listed.map((m) => m.createdAt).sort().reverse());
    }
  });

  it('answers 400 to a cursor it did not give, to a limit over the documented 100, and to a limit that is not digits', async () => {
    for (const query of ['cursor=bm90LWEtY3Vyc29y', 'cursor=12', 'limit=101', 'limit=1e1', 'limit=%2B5', 'limit=5.0', 'limit=%205', 'limit=0x10']) {
      const response = await fetch(`${api.url}/v1/messages?${query}`, { headers: auth });
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
  });
});

describe('GET /v1/messages index upkeep', () => {
  let api: TestApi;
  let redis: Redis;
  beforeAll(async () => {
    api = await startTestApi();
    redis = new Redis(SHARED_REDIS_URL);
  });
  afterAll(async () => {
    redis.disconnect();
    await api.close();
  });

  it('leaves out a message removed by retention, and drops its index entry', async () => {
    const answer = await api.post('/v1/messages', { to: '5511999990001', text: 'kept' }, auth);
    expect(answer).toMatchObject({ status: 202 });
    const kept = String(answer.json.id);
    const removedId = '7b0c1f0e-5a8e-4c39-9d0e-2f4f7d1d2a61';
    const orphan = messageIndexEntry(removedId, new Date(Date.now() - ORPHAN_GRACE_MS - 60_000).toISOString());
    const key = messageIndexKeys(api.prefix).byCreated;
    await redis.zadd(key, 0, orphan);
    const page = await list(api, 'limit=10');
    expect(page.data.map((message) => message.id)).toEqual([kept]);
    await waitFor('the orphan entry removed', async () => (await redis.zscore(key, orphan)) === null);
  });
});

describe('GET /v1/messages beyond 5,000 messages', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterEach(async () => {
    await api.close();
  });

  it('lists all 5,050 of them, each once', async () => {
    const accepted: string[] = [];
    // In bulks of 250: a 1,000-message bulk may outlast the 1 s store timeout on a busy CI machine.
    for (let batch = 0; batch < 21; batch++) {
      const size = batch < 20 ? 250 : 50;
      const messages = Array.from({ length: size }, (_, i) => ({ to: '5511999990001', text: `n${batch}-${i}` }));
      const answer = await api.post('/v1/messages/bulk', { messages }, auth);
      expect(answer.status).toBe(202);
      accepted.push(...(answer.json.results as { id: string }[]).map((result) => result.id));
    }
    const listed = ids(await pageThrough(api, 'limit=100'));
    expect(listed).toHaveLength(5_050);
    expect(new Set(listed)).toEqual(new Set(accepted));
  }, 120_000);
});

describe('GET /v1/messages after an upgrade, and index upkeep without any listing', () => {
  const prefix = uniquePrefix('pages-upgrade');
  let api: TestApi | undefined;
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(SHARED_REDIS_URL);
  });
  afterAll(async () => {
    await api?.close();
    await deletePrefixKeys(SHARED_REDIS_URL, prefix);
    redis.disconnect();
  });

  it('lists messages stored before the index existed, and drops entries of removed messages at start', async () => {
    // Stored as an earlier version did: BullMQ jobs only, no index entries.
    const older = createSmsQueueClient(SHARED_REDIS_URL, prefix);
    const before = [await older.add('5511999990001', 'stored before the upgrade'), await older.add('5511999990002', 'also before')];
    await older.close();
    const orphan = messageIndexEntry('0d7cbd5e-2f7a-4b7e-9a51-6c1f0e3b9a77', new Date(Date.now() - ORPHAN_GRACE_MS - 60_000).toISOString());
    const key = messageIndexKeys(prefix).byCreated;
    await redis.zadd(key, 0, orphan);

    api = await startTestApi({ QUEUE_PREFIX: prefix });
    const after = await accept(api, 'after the upgrade');
    await waitFor('the orphan dropped at start', async () => (await redis.zscore(key, orphan)) === null);
    await waitFor('the older messages listed', async () => ids([await list(api as TestApi, 'limit=10')]).length === 3);
    expect(ids([await list(api, 'limit=10')])).toEqual([after, ...[...before].reverse()]);
  });
});

async function accept(api: TestApi, text: string): Promise<string> {
  const answer = await api.post('/v1/messages', { to: '5511999990001', text }, auth);
  if (answer.status !== 202) throw new Error(`POST answered ${answer.status}`);
  return String(answer.json.id);
}
