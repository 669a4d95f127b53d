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
