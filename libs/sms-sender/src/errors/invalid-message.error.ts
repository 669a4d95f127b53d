import { UnrecoverableError } from 'bullmq';

/**
 * A job whose number or text can never be sent (edited in the dashboard, or written to Redis
 * by hand): it fails for good at once instead of being retried.
 */
export class InvalidMessageError extends UnrecoverableError {
  override readonly name = 'InvalidMessageError';

  constructor(readonly problem: string) {
    super(`invalid: ${problem}`);
  }
}
