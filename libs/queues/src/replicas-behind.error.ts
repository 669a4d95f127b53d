/** Fewer replicas than required confirmed a write in time (Redis `WAIT`); the write may be lost in a failover. */
export class ReplicasBehindError extends Error {
  override readonly name = 'ReplicasBehindError';

  constructor(
    readonly required: number,
    readonly confirmed: number,
    options?: ErrorOptions,
  ) {
    super(`${confirmed} of ${required} replicas confirmed the write in time`, options);
  }
}
