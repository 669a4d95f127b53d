import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

const digitsOf = (number: string) => number.replace(/\D/g, '');

/**
 * The form in which two spellings of one phone number compare equal (opt-outs, delivery
 * reports, replies). With a default region (`PHONE_DEFAULT_REGION`, e.g. `BR`) a number that
 * libphonenumber recognises becomes its international digits, so `11 98888-7777` and
 * `+55 11 98888-7777` are one person; otherwise (no region, or a number it cannot place) the
 * number's digits. Never used for what is sent to gammu, which stays as the client gave it. Pure.
 */
export function comparableNumber(number: string, region?: string): string {
  if (region) {
    const candidates = number.trim().startsWith('+') ? [number] : [number, `+${digitsOf(number)}`];
    for (const candidate of candidates) {
      const parsed = parsePhoneNumberFromString(candidate, region.toUpperCase() as CountryCode);
      if (parsed?.isValid()) return digitsOf(parsed.number);
    }
  }
  return digitsOf(number);
}
