import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { CallbackAddressRefusedError } from './callback-address-refused.error';
import { isPrivateAddress } from './private-address';

/** Resolves a host name to every address it has (dns.lookup with `all`). */
export type ResolveHost = (host: string) => Promise<LookupAddress[]>;

const systemResolve: ResolveHost = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

export interface CallbackUrlGuardOptions {
  /** CALLBACK_ALLOWED_HOSTS: hosts a callbackUrl may name whatever they resolve to. */
  readonly allowedHosts: readonly string[];
  /** How names are resolved; a test replaces it to play a DNS rebind. @defaultValue dns.lookup */
  readonly resolve?: ResolveHost;
  /** How long an accept-time check waits for DNS before it lets the connect-time check decide. @defaultValue 1000 */
  readonly resolveTimeoutMs?: number;
}

/** A URL's host as compared: lower case, no IPv6 brackets, no trailing dot. */
export function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** `127.1`, `0x7f000001` and `[::ffff:127.0.0.1]` name the same host as their canonical spelling. */
function canonicalHost(entry: string): string {
  try {
    return normalizeHost(new URL(`http://${entry.includes(':') && !entry.startsWith('[') ? `[${entry}]` : entry}/`).hostname);
  } catch {
    return normalizeHost(entry);
  }
}

/**
 * Keeps a client's callbackUrl from reaching inside the network (server-side request forgery):
 * `check` when the message is accepted, and `lookup` on every connection a delivery opens, so a
 * name that resolves to a public address when checked and to a private one when called (a DNS
 * rebind) is refused too. Hosts in CALLBACK_ALLOWED_HOSTS pass.
 */
export class CallbackUrlGuard {
  private readonly allowed: ReadonlySet<string>;
  private readonly resolve: ResolveHost;
  private readonly resolveTimeoutMs: number;
  /** Accept-time lookups in flight, by host: a bulk request naming one host a thousand times resolves it once. */
  private readonly inFlight = new Map<string, Promise<LookupAddress[] | undefined>>();

  constructor({ allowedHosts, resolve = systemResolve, resolveTimeoutMs = 1_000 }: CallbackUrlGuardOptions) {
    this.allowed = new Set(allowedHosts.map(canonicalHost));
    this.resolve = resolve;
    this.resolveTimeoutMs = resolveTimeoutMs;
  }

  isAllowedHost(host: string): boolean {
    return this.allowed.has(normalizeHost(host));
  }

  /**
   * The refusal for `url`, or undefined when it may be called. An address in the URL is judged
   * as written; a name by what DNS answers now (every address it has). A name that does not
   * resolve in time passes here: the connect-time `lookup` still judges it.
   */
  async check(url: string): Promise<CallbackAddressRefusedError | undefined> {
    const host = normalizeHost(new URL(url).hostname);
    if (this.allowed.has(host)) return undefined;
    if (isIP(host)) return isPrivateAddress(host) ? new CallbackAddressRefusedError(host, host) : undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.resolveTimeoutMs)));
    try {
      const addresses = await Promise.race([this.resolveShared(host), timeout]);
      const blocked = addresses?.find(({ address }) => isPrivateAddress(address));
      return blocked ? new CallbackAddressRefusedError(host, blocked.address) : undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  private resolveShared(host: string): Promise<LookupAddress[] | undefined> {
    let pending = this.inFlight.get(host);
    if (!pending) {
      pending = this.resolve(host)
        .catch(() => undefined)
        .finally(() => this.inFlight.delete(host));
      this.inFlight.set(host, pending);
    }
    return pending;
  }

  /** The refusal for a URL whose host is an address (connections to one skip `lookup`). */
  checkLiteral(url: string): CallbackAddressRefusedError | undefined {
    const host = normalizeHost(new URL(url).hostname);
    return isIP(host) && !this.allowed.has(host) && isPrivateAddress(host) ? new CallbackAddressRefusedError(host, host) : undefined;
  }

  /** A `lookup` for `http.request`: resolves, then refuses the connection when any address is private. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    const host = normalizeHost(hostname);
    this.resolve(host).then(
      (addresses) => {
        const blocked = this.allowed.has(host) ? undefined : addresses.find(({ address }) => isPrivateAddress(address));
        const usable = addresses.filter(({ family }) => !options.family || family === options.family);
        if (blocked) return callback(new CallbackAddressRefusedError(host, blocked.address), '', 4);
        if (usable.length === 0) return callback(Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' }), '', 4);
        if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, usable);
        return callback(null, usable[0]?.address ?? '', usable[0]?.family ?? 4);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
}
