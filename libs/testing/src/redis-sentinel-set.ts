import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port';
import { startRedisServer, type TestRedis } from './redis-server';
import { tempDir } from './temp-dir';
import { waitFor } from './wait-for';

/** A Redis primary, its replicas and Sentinels watching them, all on loopback, for failover tests. */
export interface TestRedisSentinelSet {
  /** The primary at the start (after a failover it is no longer the primary). */
  readonly primary: TestRedis;
  /** The first replica (`replicas[0]`). */
  readonly replica: TestRedis;
  readonly replicas: readonly TestRedis[];
  /** `REDIS_SENTINELS` for the apps, e.g. `127.0.0.1:40001,127.0.0.1:40002,127.0.0.1:40003`. */
  readonly sentinels: string;
  /** `REDIS_SENTINEL_MASTER`. */
  readonly masterName: string;
  /** The port the Sentinels name as the primary now. */
  primaryPort(): Promise<number>;
  /** `SENTINEL FAILOVER`: a replica is promoted while the primary still runs (it is demoted). */
  failover(): Promise<void>;
  /** Kills every process of the set and removes its data. */
  stop(): Promise<void>;
}

export interface SentinelSetOptions {
  /** `sentinel down-after-milliseconds`: how long the primary must be silent to count as down. */
  readonly downAfterMs?: number;
  /** `sentinel failover-timeout`. */
  readonly failoverTimeoutMs?: number;
  /** How many replicas of the primary. @defaultValue 1 */
  readonly replicaCount?: number;
}

const MASTER_NAME = 'mymaster';

/** Asks the Redis (or Sentinel) on `port` one command, on a connection of its own. */
async function ask(port: number, ...args: string[]): Promise<unknown> {
  const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  client.on('error', () => undefined); // a stopped node refuses: the caller's waitFor retries
  try {
    await client.connect();
    return await client.call(args[0] ?? 'PING', ...args.slice(1));
  } finally {
    client.disconnect();
  }
}

/** A flat `[key, value, key, value…]` reply (SENTINEL MASTER) as an object. */
const fields = (reply: unknown): Record<string, string> => {
  const list = Array.isArray(reply) ? (reply as string[]) : [];
  const result: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) result[String(list[i])] = String(list[i + 1]);
  return result;
};

/**
 * Starts a primary (AOF, fsync always), `replicaCount` replicas of it and three Sentinels
 * (quorum 2), and resolves once every Sentinel knows the replicas and the other two Sentinels, so that a
 * failover can happen. Debian's `redis-server --sentinel` runs the Sentinels.
 */
export async function startRedisSentinelSet({ downAfterMs = 1_500, failoverTimeoutMs = 5_000, replicaCount = 1 }: SentinelSetOptions = {}): Promise<TestRedisSentinelSet> {
  const sentinels: { child: ChildProcess; port: number }[] = [];
  const dir = tempDir('sentinels');
  const primary = await startRedisServer();
  const replicas: TestRedis[] = [];
  for (let i = 0; i < replicaCount; i++) replicas.push(await startRedisServer({ args: ['--replicaof', '127.0.0.1', String(primary.port)] }));
  const stop = async () => {
    await Promise.all(
      sentinels.map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      }),
    );
    await Promise.all([primary, ...replicas].map((node) => node.stop()));
    dir.remove();
  };
  try {
    for (const replica of replicas) {
      await waitFor(`replica ${replica.port} to be in sync`, async () => /master_link_status:up/.test(String(await ask(replica.port, 'INFO', 'replication'))), {
        timeoutMs: 15_000,
      });
    }
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const conf = join(dir.path, `sentinel-${port}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir.path}`,
          `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${primary.port} 2`,
          `sentinel down-after-milliseconds ${MASTER_NAME} ${downAfterMs}`,
          `sentinel failover-timeout ${MASTER_NAME} ${failoverTimeoutMs}`,
          `sentinel parallel-syncs ${MASTER_NAME} 1`,
          '',
        ].join('\n'),
      );
      sentinels.push({ child: spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }), port });
    }
    for (const { port } of sentinels) {
      await waitFor(
        `Sentinel ${port} to know the replica and the other Sentinels`,
        async () => {
          const master = fields(await ask(port, 'SENTINEL', 'MASTER', MASTER_NAME));
          return master['num-slaves'] === String(replicaCount) && master['num-other-sentinels'] === '2';
        },
        { timeoutMs: 30_000, intervalMs: 100 },
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    primary,
    replica: replicas[0] as TestRedis,
    replicas,
    sentinels: sentinels.map(({ port }) => `127.0.0.1:${port}`).join(','),
    masterName: MASTER_NAME,
    async primaryPort() {
      for (const { port } of sentinels) {
        try {
          const address = (await ask(port, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME)) as [string, string];
          return Number(address[1]);
        } catch {
          // that Sentinel is away: ask the next
        }
      }
      throw new Error('no Sentinel answered');
    },
    async failover() {
      const [first] = sentinels;
      if (!first) throw new Error('no Sentinel');
      await ask(first.port, 'SENTINEL', 'FAILOVER', MASTER_NAME);
    },
    stop,
  };
}
