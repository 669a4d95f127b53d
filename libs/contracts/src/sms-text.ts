/** How the SMS is encoded on the air. */
export type SmsEncoding = 'gsm7' | 'ucs2';

/** Longest text accepted, in characters after NFC. */
export const MAX_TEXT_LENGTH = 1600;

// GSM 03.38 default alphabet and its extension table (extension characters cost two septets).
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('^{}\\[~]|€\f');

/** What a text costs on the air. */
export interface TextAnalysis {
  readonly encoding: SmsEncoding;
  /** Septets (GSM 7-bit) or UTF-16 code units (UCS-2). */
  readonly units: number;
  /** SMS parts needed: one up to 160/70 units, else 153/67 per part. */
  readonly segments: number;
}

/** Septets in one SMS, and per part of a concatenated SMS (the rest of a part is its header). */
const GSM7_SINGLE = 160;
const GSM7_PART = 153;
/** UTF-16 code units in one SMS, and per part of a concatenated SMS. */
const UCS2_SINGLE = 70;
const UCS2_PART = 67;

/** Chooses the encoding and counts the parts, as the modem will send them. */
export function analyzeText(text: string): TextAnalysis {
  const costs: number[] = [];
  for (const char of text) {
    if (GSM7_BASIC.has(char)) costs.push(1);
    else if (GSM7_EXTENSION.has(char)) costs.push(2);
    else return ucs2(text);
  }
  return { encoding: 'gsm7', ...partsOf(costs, GSM7_SINGLE, GSM7_PART) };
}

/** UCS-2 carries UTF-16 code units; a character outside the BMP is a surrogate pair (2 units). */
function ucs2(text: string): TextAnalysis {
  return { encoding: 'ucs2', ...partsOf([...text].map((char) => char.length), UCS2_SINGLE, UCS2_PART) };
}

/**
 * Parts needed for characters of these costs (in units). One SMS when everything fits in
 * `single`; otherwise parts of `perPart` units each, filled in order, where a character that
 * takes two units (a GSM escape pair, a UTF-16 surrogate pair) never splits across two parts:
 * it starts the next part instead, as gammu does. Pure.
 */
export function partsOf(costs: readonly number[], single: number, perPart: number): { units: number; segments: number } {
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  if (units <= single) return { units, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > perPart) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { units, segments };
}

/** Why a text cannot be sent as given, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (text.length === 0) return 'não pode ser vazia';
  if ([...text].length > MAX_TEXT_LENGTH) return `deve ter no máximo ${MAX_TEXT_LENGTH} caracteres`;
  if (!text.isWellFormed()) return 'contém caracteres Unicode inválidos';
  // A NUL cannot travel in a command-line argument: it would cut the text short.
  if (text.includes('\u0000')) return 'contém o caractere nulo';
  return undefined;
}
