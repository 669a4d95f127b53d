import type { IncomingMessage } from 'node:http';
import type { AuthFailureLimiter } from './auth-failure-limiter';
import { clientAddress, type TrustProxy } from './trusted-proxies';

/**
 * What every authenticating route asks before it checks a credential (may this client try
 * now?) and tells after a wrong one. Clients are told apart by address, X-Forwarded-For
 * believed only from TRUST_PROXY's peers.
 */
export class FailedAuthGate {
  constructor(
    private readonly limiter: AuthFailureLimiter,
    private readonly trusted: TrustProxy,
  ) {}

  /** Seconds the request's client must wait before trying again (answer 429), or 0. */
  retryAfter(req: IncomingMessage): number {
    return this.limiter.retryAfterSeconds(clientAddress(req, this.trusted));
  }

  /** Counts a failed authentication against the request's client. */
  failed(req: IncomingMessage): void {
    this.limiter.recordFailure(clientAddress(req, this.trusted));
  }
}
