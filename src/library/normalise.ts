const MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/**
 * The form names are compared in: case, accents and punctuation do not count,
 * so "Kétamine-Therapy" and "ketamine therapy" are the same name.
 */
export function normaliseName(name: string): string {
  return name.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(NOT_WORD, ' ').trim();
}

/** The words of a member's text, normalised as the FTS5 tokenizer (unicode61, remove_diacritics 2) sees them. */
export function words(text: string): string[] {
  const normal = normaliseName(text);
  return normal ? normal.split(' ') : [];
}
