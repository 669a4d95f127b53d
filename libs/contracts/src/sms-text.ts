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

/** Chooses the encoding and counts the parts, as the modem will send them. */
export function analyzeText(text: string): TextAnalysis {
  let septets = 0;
  for (const char of text) {
    if (GSM7_BASIC.has(char)) septets += 1;
    else if (GSM7_EXTENSION.has(char)) septets += 2;
    else return ucs2(text);
  }
  return { encoding: 'gsm7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

function ucs2(text: string): TextAnalysis {
  const units = text.length; // UTF-16 code units: what UCS-2 carries
  return { encoding: 'ucs2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
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
