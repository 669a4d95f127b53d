/** The queue could not store a job in time; the caller must answer 503, never 202. */
export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
}
