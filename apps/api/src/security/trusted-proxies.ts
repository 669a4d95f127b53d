import type { IncomingMessage } from 'node:http';
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Whether a hop is a proxy whose X-Forwarded-For is believed: `hop` 0 is the peer, 1 the last
 * X-Forwarded-For entry, and so on (Express's `trust proxy` function has the same shape).
 */
export type TrustProxy = (address: string, hop: number) => boolean;

const NAMED: Record<string, readonly (readonly [string, number, 'ipv4' | 'ipv6'])[]> = {
  loopback: [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']],
  linklocal: [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']],
  uniquelocal: [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['fc00::', 7, 'ipv6']],
};

/**
 * TRUST_PROXY's entries as a predicate: a number of proxy hops, or addresses (names, addresses,
 * CIDR blocks) of proxies. An empty list trusts no one (X-Forwarded-For is ignored).
 */
export function compileTrustProxy(entries: readonly string[]): TrustProxy {
  if (entries.length === 0) return () => false;
  // A number: that many proxies in front, whatever their addresses (the compose nginx: 1).
  const [only] = entries;
  if (entries.length === 1 && only !== undefined && /^\d+$/.test(only)) return (_address, hop) => hop < Number(only);
  const list = new BlockList();
  for (const entry of entries) {
    for (const [network, prefix, family] of NAMED[entry] ?? []) list.addSubnet(network, prefix, family);
    if (entry in NAMED) continue;
    const [address = '', prefix] = entry.split('/');
    const family = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (address) => (isIPv4(address) ? list.check(address, 'ipv4') : isIPv6(address) && list.check(address, 'ipv6'));
}

/**
 * The client's address: the peer's, unless the peer is a trusted proxy, then the nearest
 * X-Forwarded-For hop that is not one (as Express computes `req.ip` with the same predicate).
 */
export function clientAddress(req: IncomingMessage, trusted: TrustProxy): string {
  let address = req.socket.remoteAddress ?? '';
  if (!trusted(address, 0)) return address;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((hop) => hop.trim()).filter(Boolean).reverse();
  for (const [index, hop] of hops.entries()) {
    address = hop;
    if (!trusted(hop, index + 1)) break;
  }
  return address;
}
