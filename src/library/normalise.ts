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

const NOT_ASCII = /[\u0080-\uffff]/;
const LATIN_WITH_DIACRITICS = /^[A-Za-z][\u0300-\u036f]+$/;

/** ASCII text: its own compatibility form, and split alike by the bot and FTS5. */
export const isAscii = (text: string) => !NOT_ASCII.test(text);

/**
 * A text in its compatibility forms (NFKC), as the search index holds it: a ligature (ﬁ) or full-width letters become
 * the letters members type. Skipping ASCII keeps a reload of long English pages cheap.
 */
export function foldForIndex(text: string): string {
  return isAscii(text) ? text : text.normalize('NFKC');
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}\p{Co}]/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

/**
 * Whether the bot's words of a text (`words`: compatibility folding, every mark removed) are those FTS5's unicode61
 * tokenizer (remove_diacritics 2) makes of it. They are for ASCII, for Latin letters with diacritics, and for other
 * punctuation and symbols that fold to no letter. Not for the rest: FTS5 keeps a ligature or a full-width letter as it
 * is (the search index gives it text folded to NFKC, so callers ask about the folded text), removes diacritics from
 * Latin letters only (й, ё, έ keep theirs), splits a word at a non-Latin mark ("योग" is य and ग to it, यग to the
 * bot), keeps Hangul syllables whole and a final sigma as σ.
 */
export function splitsAsFts5(text: string): boolean {
  if (isAscii(text)) return true;
  for (const char of text) {
    if (char <= '\x7f') continue;
    const decomposed = char.normalize('NFKD');
    if (!WORD_CHAR.test(char)) {
      if (LETTER_OR_NUMBER.test(decomposed)) return false;
    } else if (decomposed !== char.normalize('NFD') || !LATIN_WITH_DIACRITICS.test(decomposed)) return false;
  }
  return true;
}
