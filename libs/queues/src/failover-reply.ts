/**
 * Redis error replies that mean "this node is no longer the primary": `READONLY` (a write sent
 * to a demoted primary) and `UNBLOCKED` (a blocking read cut off because the node became a
 * replica). Both are the error code Redis puts first in the reply, the documented way to tell
 * error kinds apart; ioredis has no type per code.
 */
const FAILOVER_CODES: ReadonlySet<string> = new Set(['READONLY', 'UNBLOCKED']);

export function isFailoverReply(error: Error): boolean {
  return error.name === 'ReplyError' && FAILOVER_CODES.has(error.message.split(' ', 1)[0] ?? '');
}
