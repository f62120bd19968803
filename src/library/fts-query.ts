import { foldForIndex, isAscii, splitsAsFts5, words } from './normalise.js';

/** Longer "words" are noise (a pasted hash, a held-down key); they cannot match a real word anyway. */
const MAX_TOKEN_CHARS = 40;
const MAX_TOKENS = 12;

/**
 * The plain words of a member's query, ready to quote. Every FTS5 operator character is a separator
 * here, and each word is later wrapped in double quotes, so AND, OR, NOT, NEAR, `*`, `^`, `:` and
 * parentheses are searched as text or dropped and can never raise a syntax error.
 */
export function queryTokens(query: string): string[] {
  const seen = new Set<string>();
  for (const word of words(query.slice(0, 1000))) {
    if (word.length <= MAX_TOKEN_CHARS) seen.add(word);
    if (seen.size === MAX_TOKENS) break;
  }
  return [...seen];
}

/** A string FTS5 reads as text, never as syntax: its tokens, in order. */
export const phrase = (text: string) => `"${text.replaceAll('"', '""')}"`;

const TYPED_WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * How to match the query's words that FTS5 splits otherwise than the bot (`splitsAsFts5`), by word: the word as the
 * bot writes it or as the member typed it (folded). FTS5 indexes the page's words as it splits them, so "योग" typed
 * finds "योग" written, which the bot's word for both, यग, never matches.
 */
export function typedSpellings(query: string, tokens: readonly string[]): Map<string, string> {
  const spelled = new Map<string, string>();
  if (isAscii(query)) return spelled;
  for (const [typed] of query.slice(0, 1000).matchAll(TYPED_WORD)) {
    // Folded as the index folds the pages (NFKC, see the search index): a ligature or full-width letters typed are
    // then the plain word, which the bot's form matches.
    const folded = foldForIndex(typed);
    if (splitsAsFts5(folded)) continue;
    const [word, ...more] = words(typed);
    if (word !== undefined && !more.length && tokens.includes(word) && !spelled.has(word))
      spelled.set(word, `(${phrase(word)} OR ${phrase(folded)})`);
  }
  return spelled;
}
