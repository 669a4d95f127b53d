import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { freePort } from './free-port';
import { tempDir } from './temp-dir';
import { waitFor } from './wait-for';

/** The shared Redis every session and CI run has (no persistence). */
export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A private redis-server for tests that kill or restart Redis. AOF on, data in a temp folder. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** SIGKILL: no chance to flush anything beyond what AOF already wrote. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data folder. */
  restart(): Promise<void>;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

/** `args` are added to redis-server's command line, e.g. `['--replicaof', '127.0.0.1', '6380']`. */
export async function startRedisServer({ args = [] }: { args?: readonly string[] } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = tempDir('redis');
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir.path, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', ...args],
      { stdio: 'ignore' },
    );
    await waitFor(`redis-server on port ${port}`, async () => {
      const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => undefined); // refused until redis-server listens: expected
      try {
        await client.connect();
        return (await client.ping()) === 'PONG';
      } finally {
        client.disconnect();
      }
    });
  };
  const killWith = async (signal: NodeJS.Signals) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => killWith('SIGKILL'),
    restart: start,
    async stop() {
      await killWith('SIGKILL');
      dir.remove();
    },
  };
}
