import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const TTL_MS = 60_000;
const REFRESH_MS = 10_000;
const key = (prefix: string, instanceId: string) => `${prefix}:worker-instance:${instanceId}`;

/**
 * Says, in Redis, that this worker process is alive, so another worker re-running a job whose
 * send this one started can tell "its outcome is on the way" from "that worker died".
 * Refreshed every 10 s and at once whenever the connection comes back; lapses 60 s after the
 * process dies. A re-run only happens after two stalled checks (10 s apart) once Redis is
 * back, by which time a live worker has long reconnected and refreshed its key.
 */
export class WorkerPresence {
  readonly instanceId = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private readonly refresh = () => void this.redis.set(key(this.prefix, this.instanceId), String(process.pid), 'PX', TTL_MS).catch(() => undefined);

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  start(): void {
    this.refresh();
    this.timer = setInterval(this.refresh, REFRESH_MS);
    this.timer.unref();
    this.redis.on('ready', this.refresh);
  }

  /**
   * Whether another worker process that ran a send is alive. This process never is, for this
   * question: its own runs record their outcome before they end, so an unrecorded one of its
   * own did not reach gammu's answer.
   */
  async isAliveElsewhere(instanceId: string): Promise<boolean> {
    if (instanceId === this.instanceId) return false;
    return (await this.redis.exists(key(this.prefix, instanceId))) === 1;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.redis.off('ready', this.refresh);
    if (this.redis.status === 'ready') await this.redis.del(key(this.prefix, this.instanceId)).catch(() => undefined);
  }
}
