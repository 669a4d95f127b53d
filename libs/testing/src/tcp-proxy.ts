import { connect, createServer, type Socket } from 'node:net';
import { once } from 'node:events';

/** A TCP relay between the apps and a server, that can stall the traffic like a broken network. */
export interface TcpProxy {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`, for a proxy in front of Redis. */
  readonly redisUrl: string;
  /**
   * Holds every byte in both directions from now on: connections stay open and new ones are
   * accepted, but nothing arrives, as with a hung server or a network that drops every packet
   * while TCP keeps retransmitting.
   */
  freeze(): void;
  /** Delivers what was held, in order, and relays normally again. */
  thaw(): void;
  /** Closes every connection and stops listening. */
  stop(): Promise<void>;
}

interface Direction {
  readonly from: Socket;
  readonly to: Socket;
  readonly held: Buffer[];
  ended: boolean;
}

export async function startTcpProxy(target: { port: number; host?: string }): Promise<TcpProxy> {
  let frozen = false;
  const directions = new Set<Direction>();
  const sockets = new Set<Socket>();

  const flush = (direction: Direction) => {
    for (const chunk of direction.held.splice(0)) direction.to.write(chunk);
    if (direction.ended) direction.to.end();
  };
  const relay = (from: Socket, to: Socket) => {
    const direction: Direction = { from, to, held: [], ended: false };
    directions.add(direction);
    from.on('data', (chunk: Buffer) => (frozen ? direction.held.push(chunk) : to.write(chunk)));
    from.on('end', () => {
      direction.ended = true;
      if (!frozen) to.end();
    });
    from.on('close', () => {
      if (direction.held.length === 0) directions.delete(direction);
    });
  };

  const server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect({ port: target.port, host: target.host ?? '127.0.0.1', allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    // A refused or reset upstream resets the client too, as a direct connection would be.
    upstream.on('error', () => client.resetAndDestroy());
    client.on('error', () => upstream.destroy());
    relay(client, upstream);
    relay(upstream, client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('tcp proxy: no address');

  return {
    port: address.port,
    redisUrl: `redis://127.0.0.1:${address.port}`,
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
      for (const direction of directions) {
        flush(direction);
        if (direction.from.destroyed) directions.delete(direction);
      }
    },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
