import type { MessageDelivery } from '@sms-gateway/contracts';

/**
 * What one status report says, from gammu's `Delivery status`: `delivered`, `failed` (the
 * network gave up), `pending` (still trying) or `unknown`.
 */
export type ReportOutcome = 'delivered' | 'failed' | 'pending' | 'unknown';

/** One part's latest report. */
export interface PartReport {
  readonly outcome: ReportOutcome;
  /** ISO time the report was recorded. */
  readonly at: string;
  readonly detail: string;
}

const latest = (reports: readonly PartReport[]) => reports.reduce((a, b) => (b.at > a.at ? b : a));

/**
 * A message's delivery from its parts' reports (one slot per part, undefined until that part
 * reports): `undelivered` as soon as one part failed, `delivered` once every part was, else
 * `pending` with the latest report's detail; undefined while no part has reported. Pure.
 */
export function deliveryOf(parts: readonly (PartReport | undefined)[]): MessageDelivery | undefined {
  const reports = parts.filter((part): part is PartReport => part !== undefined);
  if (reports.length === 0) return undefined;
  const failed = reports.filter((report) => report.outcome === 'failed');
  if (failed.length > 0) {
    const first = failed.reduce((a, b) => (b.at < a.at ? b : a));
    return { status: 'undelivered', at: first.at, detail: first.detail };
  }
  if (parts.length > 0 && reports.length === parts.length && reports.every((report) => report.outcome === 'delivered')) {
    const last = latest(reports);
    return { status: 'delivered', at: last.at, detail: last.detail };
  }
  const last = latest(reports);
  return { status: 'pending', at: last.at, detail: last.detail };
}
