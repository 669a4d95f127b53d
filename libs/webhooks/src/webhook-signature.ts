import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const SIGNATURE_HEADER = 'X-SMS-Gateway-Signature';

/** Signs a raw body at a time (unix seconds). Pure. */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

const TIMESTAMP = /^\d{1,15}$/;
const MAC = /^[0-9a-f]{64}$/;

/**
 * The timestamp and MAC of a signature header, or undefined for anything that is not exactly
 * `t=<decimal seconds>` and `v1=<64 lowercase hex digits>` (in either order), comma-separated.
 */
function parseSignature(header: unknown): { t: string; timestamp: number; mac: Buffer } | undefined {
  if (typeof header !== 'string' || header.length > 200) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0 || fields.has(part.slice(0, at))) return undefined;
    fields.set(part.slice(0, at), part.slice(at + 1));
  }
  const t = fields.get('t');
  const v1 = fields.get('v1');
  if (fields.size !== 2 || t === undefined || v1 === undefined || !TIMESTAMP.test(t) || !MAC.test(v1)) return undefined;
  return { t, timestamp: Number(t), mac: Buffer.from(v1, 'hex') };
}

/**
 * What a receiver does: recompute the HMAC over the raw body and compare in constant time,
 * refusing signatures older than `toleranceSeconds` (replays). Anything malformed (a missing,
 * repeated or garbled header, a wrong-length MAC) is `false`, never an exception.
 */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string | undefined,
  { now = Date.now(), toleranceSeconds = 300 }: { now?: number; toleranceSeconds?: number } = {},
): boolean {
  const signature = parseSignature(header);
  if (!signature || Math.abs(now / 1000 - signature.timestamp) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${signature.t}.${body}`, 'utf8').digest();
  return timingSafeEqual(signature.mac, expected);
}
