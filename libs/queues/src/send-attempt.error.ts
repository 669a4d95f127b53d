/** Any other failed send: device error, timeout, gammu missing or killed. */
export class SendAttemptError extends Error {
  override readonly name = 'SendAttemptError';

  constructor(
    readonly reason: 'networkError' | 'deviceError' | 'timeout' | 'unknown',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
