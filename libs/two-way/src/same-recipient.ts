import { comparableNumber } from '@sms-gateway/contracts';

/** How many trailing digits group sends by recipient (the subscriber part of any spelling). */
const TAIL_DIGITS = 8;

/** The last 8 digits of a number: the same in its national and international spellings. Pure. */
export function numberTail(number: string): string {
  return number.replace(/\D/g, '').slice(-TAIL_DIGITS);
}

/**
 * Whether a delivery report's or a reply's number is the recipient of a send. Equal
 * `comparableNumber`s always are; without PHONE_DEFAULT_REGION the network's international
 * spelling (`+5511988887777`) still matches the national one the client gave (`11988887777`)
 * when one ends with the other and at least 8 digits agree. Pure.
 */
export function sameRecipient(a: string, b: string, region?: string): boolean {
  const left = comparableNumber(a, region);
  const right = comparableNumber(b, region);
  if (left === right) return left.length > 0;
  const [shorter, longer] = left.length <= right.length ? [left, right] : [right, left];
  return shorter.length >= TAIL_DIGITS && longer.endsWith(shorter);
}
