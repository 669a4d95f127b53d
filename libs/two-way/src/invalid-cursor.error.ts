/** A listing cursor that this store never handed out. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';

  constructor(readonly cursor: string) {
    super(`not a cursor of this listing: ${cursor}`);
  }
}
