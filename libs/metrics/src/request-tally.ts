import type { Counter } from 'prom-client';

/** The labels of `sms_gateway_http_requests_total`. */
export type HttpRequestLabel = 'method' | 'route' | 'status';

interface Slot {
  readonly labels: Readonly<Record<HttpRequestLabel, string>>;
  pending: number;
}

/**
 * Counts HTTP requests in plain numbers per (method, route, status) and adds them to the
 * counter when it is read, i.e. at each scrape. A request that was seen before costs three
 * Map lookups and an increment, no allocation, where `counter.inc({…})` would build and
 * hash a label object on every request.
 */
export class RequestTally {
  private readonly slots = new Map<string, Map<string, Map<number, Slot>>>();

  record(method: string, route: string, status: number): void {
    let byRoute = this.slots.get(method);
    if (byRoute === undefined) this.slots.set(method, (byRoute = new Map()));
    let byStatus = byRoute.get(route);
    if (byStatus === undefined) byRoute.set(route, (byStatus = new Map()));
    const slot = byStatus.get(status);
    if (slot !== undefined) slot.pending++;
    else byStatus.set(status, { labels: { method, route, status: String(status) }, pending: 1 });
  }

  /** Adds the counts recorded since the last call to `counter`. */
  flushInto(counter: Counter<HttpRequestLabel>): void {
    for (const byRoute of this.slots.values()) {
      for (const byStatus of byRoute.values()) {
        for (const slot of byStatus.values()) {
          if (slot.pending === 0) continue;
          counter.inc(slot.labels, slot.pending);
          slot.pending = 0;
        }
      }
    }
  }
}
