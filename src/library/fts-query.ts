import { words } from './normalise.js';

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

/** All the words (implicit AND) or any of them; undefined when there is nothing to search for. */
export function matchExpression(tokens: readonly string[], mode: 'all' | 'any'): string | undefined {
  if (!tokens.length) return undefined;
  return tokens.map((token) => `"${token.replaceAll('"', '""')}"`).join(mode === 'all' ? ' ' : ' OR ');
}
