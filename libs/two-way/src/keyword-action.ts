/** What a received text asks for: to stop receiving messages, to receive them again, or nothing. */
export type KeywordAction = 'opt-out' | 'opt-in' | undefined;

export interface Keywords {
  /** OPT_OUT_KEYWORDS; empty: opting out by SMS is off. */
  readonly optOut: readonly string[];
  /** OPT_IN_KEYWORDS. */
  readonly optIn: readonly string[];
}

/** Upper case, accents dropped, surrounding spaces, punctuation and symbols (emoji) trimmed. Pure. */
export function normalizeKeyword(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .toUpperCase();
}

/** The action of a received SMS whose whole text is one keyword (see `normalizeKeyword`). Pure. */
export function keywordAction(text: string, keywords: Keywords): KeywordAction {
  const word = normalizeKeyword(text);
  if (!word) return undefined;
  if (keywords.optOut.some((keyword) => normalizeKeyword(keyword) === word)) return 'opt-out';
  if (keywords.optIn.some((keyword) => normalizeKeyword(keyword) === word)) return 'opt-in';
  return undefined;
}
