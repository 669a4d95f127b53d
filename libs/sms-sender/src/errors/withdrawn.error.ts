import { UnrecoverableError } from 'bullmq';

/** The API answered 503 for this message (a stalled Redis applied the add later): never sent. */
export class WithdrawnError extends UnrecoverableError {
  override readonly name = 'WithdrawnError';

  constructor() {
    super('withdrawn: the API answered 503 for it, so its client was told it was not queued');
  }
}
