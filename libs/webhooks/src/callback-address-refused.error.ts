/** A callbackUrl names, or resolves to, an address callbacks may not reach (CALLBACK_ALLOWED_HOSTS does not list its host). */
export class CallbackAddressRefusedError extends Error {
  override readonly name = 'CallbackAddressRefusedError';

  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      host === address
        ? `callbackUrl host ${host} is a loopback, private or link-local address; list it in CALLBACK_ALLOWED_HOSTS to allow it`
        : `callbackUrl host ${host} resolves to ${address}, a loopback, private or link-local address; list the host in CALLBACK_ALLOWED_HOSTS to allow it`,
    );
  }
}
