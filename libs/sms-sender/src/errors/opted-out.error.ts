import { UnrecoverableError } from 'bullmq';

/** The recipient opted out after the message was queued: it ends failed, unsent. */
export class OptedOutError extends UnrecoverableError {
  override readonly name = 'OptedOutError';

  constructor() {
    super('opted out: the recipient asked not to receive SMS any more; not sent');
  }
}
