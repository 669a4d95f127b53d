/** One `host:port` of a list such as REDIS_SENTINELS. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses `host:port,host:port` (spaces around items allowed; an IPv6 address in brackets,
 * `[::1]:26379`). Undefined when any item is not a host and a port from 1 to 65535.
 */
export function parseHostPorts(list: string): HostPort[] | undefined {
  const items = list.split(',').map((item) => item.trim());
  const parsed: HostPort[] = [];
  for (const item of items) {
    const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(item);
    const host = match?.[1] ?? match?.[2];
    const port = Number(match?.[3]);
    if (!host || !Number.isInteger(port) || port < 1 || port > 65_535) return undefined;
    parsed.push({ host, port });
  }
  return parsed;
}
