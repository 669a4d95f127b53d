import { isIPv4, isIPv6 } from 'node:net';

/** TRUST_PROXY's named groups (as Express's `trust proxy` names them). */
export const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'] as const;

/** True when `value` is a valid TRUST_PROXY: a number of proxy hops, or a comma-separated list of entries. */
export function isTrustProxy(value: string): boolean {
  return /^\s*\d{1,2}\s*$/.test(value) || value.split(',').every((entry) => isTrustProxyEntry(entry.trim()));
}

/** True when `entry` is one of TRUST_PROXY_NAMES, an IP address, or a CIDR block. */
export function isTrustProxyEntry(entry: string): boolean {
  if ((TRUST_PROXY_NAMES as readonly string[]).includes(entry)) return true;
  const [address = '', prefix] = entry.split('/');
  const bits = isIPv4(address) ? 32 : isIPv6(address) ? 128 : 0;
  return bits > 0 && (prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= bits));
}
