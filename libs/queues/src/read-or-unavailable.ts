import { QueueUnavailableError } from './queue-unavailable.error';

/** How long a read may wait for Redis before the request is answered 503 (within 2 s). */
export const READ_TIMEOUT_MS = 1_500;

/**
 * Redis error replies that mean "no answer now, ask again later" rather than a bug: the data
 * set is still loading, the node lost its primary or was demoted, or a script is hogging it.
 * The code is the first word of the reply, the documented way to tell error kinds apart.
 */
const UNAVAILABLE_REPLY_CODES: ReadonlySet<string> = new Set(['LOADING', 'MASTERDOWN', 'READONLY', 'UNBLOCKED', 'BUSY', 'TRYAGAIN']);

/**
 * True when a failed command says nothing about the data, only that Redis could not be asked:
 * every failure that is not a Redis error reply (connection closed or refused, offline queue
 * disabled, retries exhausted), and the replies above.
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name !== 'ReplyError') return true;
  return UNAVAILABLE_REPLY_CODES.has(error.message.split(' ', 1)[0] ?? '');
}

/**
 * Runs the reads of one request and rejects with QueueUnavailableError when Redis cannot
 * answer them within `timeoutMs` (stalled, away, or failing over), so a read never hangs and
 * never answers 500 for an outage. Other errors pass through unchanged.
 */
export async function readOrUnavailable<T>(read: () => Promise<T>, timeoutMs: number = READ_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailableError(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([read(), deadline]);
  } catch (error) {
    if (error instanceof QueueUnavailableError || !isRedisUnavailable(error)) throw error;
    throw new QueueUnavailableError('Redis could not be read', { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
