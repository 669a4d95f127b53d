/** How far ahead a message's `sendAt` may be (contract: 30 days). */
export const MAX_SEND_AHEAD_MS = 30 * 24 * 60 * 60 * 1000;

/** True when `sendAt` is more than MAX_SEND_AHEAD_MS after `now`. */
export function isTooFarAhead(sendAt: Date | undefined, now: number): boolean {
  return sendAt !== undefined && sendAt.getTime() - now > MAX_SEND_AHEAD_MS;
}
