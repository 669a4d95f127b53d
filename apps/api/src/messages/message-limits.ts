/** How far ahead a message's `sendAt` may be (contract: 30 days). */
export const MAX_SEND_AHEAD_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * True when `number` (formatting already stripped) starts with one of ALLOWED_NUMBER_PREFIXES;
 * any number passes when there are none.
 */
export function hasAllowedPrefix(number: string, prefixes: readonly string[]): boolean {
  return prefixes.length === 0 || prefixes.some((prefix) => number.startsWith(prefix));
}

/** True when `sendAt` is more than MAX_SEND_AHEAD_MS after `now`. */
export function isTooFarAhead(sendAt: Date | undefined, now: number): boolean {
  return sendAt !== undefined && sendAt.getTime() - now > MAX_SEND_AHEAD_MS;
}
