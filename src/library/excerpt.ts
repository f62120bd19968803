import { graphemeBoundary } from './graphemes.js';
import type { Excerpt } from './types.js';

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'dr', 'mr', 'mrs', 'ms', 'st', 'no', 'approx', 'fig', 'u.s']);
/** Longer than any abbreviation: how far back a full stop's word is read. */
const ABBREVIATION_WINDOW = 10;
// Curly quotes and the ellipsis written as escapes: the linked build stays ASCII (scripts/link-build.ts says why).
const SENTENCE_END =
  /[.!?\u2026]+["'\u2019\u201d)\]]*(?=\s+["'\u2018\u201c([]?[\p{Lu}\p{N}])|[.!?\u2026]+["'\u2019\u201d)\]]*\s*$/gu;

/**
 * Where each sentence of `text` ends (index just after its punctuation). A paragraph end
 * is a sentence end too, so a cut there keeps whole paragraphs. When `text` is only the start of a longer text
 * (`whole` false), its end is no sentence end: the sentence may go on past it.
 */
export function sentenceEnds(text: string, whole = true): number[] {
  const ends = new Set<number>();
  for (const match of text.matchAll(SENTENCE_END)) {
    // Only the end-of-text alternative reaches the end: "word.  " cut there may go on "and more".
    if (!whole && match.index + match[0].length === text.length) continue;
    // Only the few characters before it are read: reading back to the start made long texts cost their square.
    const from = Math.max(0, match.index - ABBREVIATION_WINDOW);
    const word = text.slice(from, match.index).match(/[\p{L}.]+$/u)?.[0] ?? '';
    const before = from > 0 && word.length === match.index - from ? '' : word.toLowerCase();
    if (match[0].startsWith('.') && ABBREVIATIONS.has(before.replace(/\.$/, ''))) continue;
    ends.add(match.index + match[0].trimEnd().length);
  }
  for (const match of text.matchAll(/\n\s*\n/g)) ends.add(text.slice(0, match.index).trimEnd().length);
  if (whole) ends.add(text.trimEnd().length);
  return [...ends].sort((a, b) => a - b);
}

/**
 * The section's own words, at most `maxChars` long: whole sentences (paragraph breaks kept);
 * only when the first sentence alone is too long, its words up to the limit and an ellipsis.
 */
export function cutExcerpt(text: string, maxChars: number): Excerpt {
  const whole = text.trim();
  if (whole.length <= maxChars) return { text: whole, truncated: false };
  let best = 0;
  // Only the part that can fit matters; one character more shows whether a sentence ends right at the limit.
  for (const end of sentenceEnds(whole.slice(0, maxChars + 2), whole.length <= maxChars + 2)) {
    if (end > maxChars) break;
    best = end;
  }
  if (best > 0) return { text: whole.slice(0, best).trimEnd(), truncated: true };

  const room = Math.max(0, maxChars - 1);
  const head = whole.slice(0, room + 1);
  const space = head.search(/\s\S*$/);
  const cut = space > 0 ? whole.slice(0, space) : whole.slice(0, graphemeBoundary(whole.slice(0, room + 2), room));
  return { text: `${withoutTrailingPunctuation(cut.trimEnd())}…`, truncated: true };
}

/** A loop rather than /[,;:–—-]+$/, which backtracks over every long run of dashes. */
function withoutTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && ',;:–—-'.includes(text[end - 1] as string)) end--;
  return text.slice(0, end);
}
