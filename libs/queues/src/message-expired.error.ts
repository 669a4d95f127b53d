import { UnrecoverableError } from 'bullmq';

/** The message reached its `expiresAt` unsent; BullMQ fails it without retrying. */
export class MessageExpiredError extends UnrecoverableError {
  override readonly name = 'MessageExpiredError';

  constructor(readonly expiresAt: string) {
    super(`expired: not sent before ${expiresAt}`);
  }
}
