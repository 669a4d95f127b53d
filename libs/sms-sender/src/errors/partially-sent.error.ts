import { UnrecoverableError } from 'bullmq';

/**
 * Some parts of a concatenated SMS reached the network before a later part failed. Sending the
 * text again would deliver those parts twice, so the message fails for good instead.
 */
export class PartiallySentError extends UnrecoverableError {
  override readonly name = 'PartiallySentError';

  constructor(
    readonly sent: number,
    readonly of: number,
  ) {
    super(`partially sent: ${sent} of ${of} parts went out before a later part failed; not sent again so that no part reaches the phone twice`);
  }
}
