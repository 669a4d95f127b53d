/** The network refused the submission with a status code (gammu's "error N"). */
export class NetworkRefusedError extends Error {
  override readonly name = 'NetworkRefusedError';

  constructor(
    readonly code: number,
    detail: string,
  ) {
    super(`network refused the SMS with error ${code}${detail ? `: ${detail}` : ''}`);
  }
}

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
