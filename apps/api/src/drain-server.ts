import { Server as NetServer } from 'node:net';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long the server keeps accepting after a stop signal, for connections already on their way. */
const ACCEPT_GRACE_MS = 300;

/**
 * Stops accepting connections and lets every request already on its way finish.
 * Closing the listener at once would reset connections still in the kernel's accept queue,
 * and Node's own `server.close()` also drops connections whose request is not parsed yet;
 * so the server keeps serving briefly (answering with `Connection: close`, set by the
 * caller while draining), then stops listening and closes connections as they fall idle.
 */
export async function drainServer(server: Server): Promise<void> {
  await sleep(ACCEPT_GRACE_MS);
  const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
  while (await hasConnections(server)) {
    server.closeIdleConnections();
    await sleep(50);
  }
  await closed;
}

function hasConnections(server: Server): Promise<boolean> {
  return new Promise((resolve) => server.getConnections((error, count) => resolve(!error && count > 0)));
}
