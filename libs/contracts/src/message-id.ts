/** Every message id is a random UUID (v4, `crypto.randomUUID()`), given when the message is accepted. */
const MESSAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * True for a string that can be a message id. Anything else (BullMQ's own key names such as
 * `meta`, `id` or `events`, another queue's job ids) is no message, without asking Redis.
 */
export function isMessageId(value: string): boolean {
  return MESSAGE_ID.test(value);
}
