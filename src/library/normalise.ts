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

/** Compatibility forms (ligatures, full-width letters, fractions), private-use characters, non-Latin marks. */
const SPLIT_APART = /[\p{Co}\p{M}]/u;
const LATIN_DIACRITIC = /[\u0300-\u036f]/gu;

/**
 * Whether the bot's words of a text (`words`: compatibility folding, every mark removed) are those FTS5's unicode61
 * tokenizer (remove_diacritics 2) makes of it. They are for text without the characters above. FTS5 keeps a ligature
 * or a full-width letter as it is, and splits a word at a non-Latin mark: "योग" is य and ग to it, यग to the bot.
 */
export function splitsAsFts5(text: string): boolean {
  const decomposed = text.normalize('NFD');
  return decomposed === text.normalize('NFKD') && !SPLIT_APART.test(decomposed.replace(LATIN_DIACRITIC, ''));
}
