/** Formatting characters people type in numbers; removed before validation. */
const FORMATTING = /[ \u00a0.()-]/g;
const NORMALISED = /^\+?\d{3,20}$/;

export type PhoneNumberCheck = { ok: true; number: string } | { ok: false; reason: string };

/**
 * Normalises a recipient and decides whether it is safe to hand to gammu.
 * A leading `-` is refused before formatting is stripped, so nothing can reach gammu as an option.
 */
export function checkPhoneNumber(raw: string): PhoneNumberCheck {
  if (/^\s*-/.test(raw)) return { ok: false, reason: 'não pode começar com "-"' };
  const number = raw.replace(FORMATTING, '');
  if (!NORMALISED.test(number)) {
    return { ok: false, reason: 'deve ter de 3 a 20 dígitos, com "+" opcional no início' };
  }
  return { ok: true, number };
}

/** Masks a number for logs and public views: only the last 4 digits stay. */
export function maskPhoneNumber(number: string): string {
  const visible = number.slice(-4);
  return `${'*'.repeat(Math.max(number.length - 4, 0))}${visible}`;
}
