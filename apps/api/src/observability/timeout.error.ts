/** Redis (or another dependency) did not answer within the time an observability endpoint allows. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}
