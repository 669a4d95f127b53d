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
  /**
   * Lets `bytes` more bytes through towards the server, then holds everything clients send
   * (answers still come back): a server that stalls in the middle of a request, after
   * executing and answering its first part.
   */
  freezeRequestsAfter(bytes: number): void;
  /** Bytes relayed from clients towards the server so far. */
  readonly requestBytes: number;
  /** Delivers what was held, in order, and relays normally again. */
  thaw(): void;
  /** Closes every connection and stops listening. */
  stop(): Promise<void>;
}

interface Direction {
  /** Client to server. */
  readonly request: boolean;
  readonly from: Socket;
  readonly to: Socket;
  readonly held: Buffer[];
  ended: boolean;
}

export async function startTcpProxy(target: { port: number; host?: string }): Promise<TcpProxy> {
  let frozen = false;
  let requestsFrozen = false;
  /** Request bytes still let through before requests freeze; undefined: no limit. */
  let requestBudget: number | undefined;
  let requestBytes = 0;
  const directions = new Set<Direction>();
  const sockets = new Set<Socket>();

  const flush = (direction: Direction) => {
    for (const chunk of direction.held.splice(0)) direction.to.write(chunk);
    if (direction.ended) direction.to.end();
  };
  const holds = (direction: Direction) => frozen || (direction.request && requestsFrozen);
  const forward = (direction: Direction, chunk: Buffer) => {
    if (holds(direction)) return void direction.held.push(chunk);
    if (!direction.request) return void direction.to.write(chunk);
    let passing = chunk;
    if (requestBudget !== undefined && chunk.length > requestBudget) {
      passing = chunk.subarray(0, requestBudget);
      direction.held.push(chunk.subarray(requestBudget));
      requestsFrozen = true;
    }
    if (requestBudget !== undefined) requestBudget -= passing.length;
    requestBytes += passing.length;
    if (passing.length > 0) direction.to.write(passing);
  };
  const relay = (from: Socket, to: Socket, request: boolean) => {
    const direction: Direction = { request, from, to, held: [], ended: false };
    directions.add(direction);
    from.on('data', (chunk: Buffer) => forward(direction, chunk));
    from.on('end', () => {
      direction.ended = true;
      if (!holds(direction)) to.end();
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
    relay(client, upstream, true);
    relay(upstream, client, false);
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
    freezeRequestsAfter: (bytes) => {
      requestBudget = bytes;
    },
    get requestBytes() {
      return requestBytes;
    },
    thaw: () => {
      frozen = false;
      requestsFrozen = false;
      requestBudget = undefined;
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
