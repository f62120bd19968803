import { codePointBoundary, graphemeBoundary } from './graphemes.js';
import { normaliseName } from './normalise.js';
import { SECTION_MAX_CHARS } from './page-schema.js';

/** Words shown around the matches. */
export const SNIPPET_WORDS = 24;
/**
 * How much of a section, from its start, a snippet reads: every section content:check accepts, whole. FTS5's own
 * snippet() cost the square of the matches in a section (a 500 kB page of one word held the bot for seconds);
 * this costs at most this many characters per hit, whatever the content.
 */
export const SNIPPET_SCAN_CHARS = SECTION_MAX_CHARS;
/** The quoted text, at most; escaped and bolded it still fits an embed field (1,024 characters). */
export const SNIPPET_MAX_CHARS = 400;

const OPEN = '\u0002';
const CLOSE = '\u0003';
/** What the FTS5 unicode61 tokenizer counts as part of a word; accents stay with their letter. */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const PLAIN = /^[a-z0-9]+$/;

interface Word {
  start: number;
  end: number;
  /** Index of the query word it is, or -1. */
  term: number;
}

/**
 * A snippet of a section for a search hit, in Discord markdown: the page's words escaped, the query's words in
 * bold, "…" where text was left out. `head` is the start of the section (at most SNIPPET_SCAN_CHARS), `more` says
 * whether the section goes on after it. Picks the window of SNIPPET_WORDS words holding the most different query
 * words, then the most matches, the earliest on ties.
 */
export function sectionSnippet(head: string, more: boolean, tokens: readonly string[]): string {
  const text = head.slice(0, SNIPPET_SCAN_CHARS);
  const cutShort = more || text.length < head.length;
  const terms = new Map(tokens.map((token, index) => [token, index]));
  const words: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    const end = match.index + match[0].length;
    if (cutShort && end === text.length) break; // a word cut by the scan is not a whole word
    words.push({ start: match.index, end, term: termOf(match[0], terms) });
  }
  const [first, last] = bestWindow(words, tokens.length);

  let start = Math.max(0, first - Math.floor((SNIPPET_WORDS - (last - first + 1)) / 2));
  start = Math.min(start, Math.max(0, words.length - SNIPPET_WORDS));
  let end = Math.min(words.length, start + SNIPPET_WORDS);
  // Very long words: drop words before the matches first, then after them.
  while (end - start > 1 && (words[end - 1] as Word).end - (words[start] as Word).start > SNIPPET_MAX_CHARS) {
    if (start < first) start++;
    else end--;
  }

  let from = start === 0 ? 0 : (words[start]?.start ?? 0);
  let to = end === words.length && !cutShort ? text.length : (words[end - 1]?.end ?? 0);
  if (to - from > SNIPPET_MAX_CHARS) {
    from = words[start]?.start ?? from;
    to = Math.min(to, from + SNIPPET_MAX_CHARS);
    const boundary = graphemeBoundary(text, to);
    // A single "character" longer than the limit (a letter under hundreds of accents) is cut between code points.
    to = boundary > from ? boundary : codePointBoundary(text, to);
  }

  let raw = from > 0 ? '…' : '';
  let at = from;
  for (const word of words.slice(start, end)) {
    if (word.term < 0 || word.end > to) continue;
    raw += `${text.slice(at, word.start)}${OPEN}${text.slice(word.start, word.end)}${CLOSE}`;
    at = word.end;
  }
  raw += text.slice(at, to);
  if (to < text.length || cutShort) raw += '…';
  return markdownSnippet(raw);
}

function termOf(word: string, terms: ReadonlyMap<string, number>): number {
  const lower = word.toLowerCase();
  if (PLAIN.test(lower)) return terms.get(lower) ?? -1;
  for (const part of normaliseName(word).split(' ')) {
    const term = terms.get(part);
    if (term !== undefined) return term;
  }
  return -1;
}

/**
 * First and last word index of the window of SNIPPET_WORDS words with the most different query words, then the
 * most matches; one pass over the matches. [0, -1] when nothing matches.
 */
function bestWindow(words: readonly Word[], termCount: number): [first: number, last: number] {
  const hits: number[] = [];
  for (let index = 0; index < words.length; index++) if ((words[index] as Word).term >= 0) hits.push(index);
  const counts = new Int32Array(termCount);
  let distinct = 0;
  let best: [number, number] = [0, -1];
  let bestScore = -1;
  let next = 0;
  for (let a = 0; a < hits.length; a++) {
    const first = hits[a] as number;
    while (next < hits.length && (hits[next] as number) < first + SNIPPET_WORDS) {
      const term = (words[hits[next] as number] as Word).term;
      if (counts[term] === 0) distinct++;
      counts[term] = (counts[term] as number) + 1;
      next++;
    }
    const score = distinct * SNIPPET_WORDS + (next - a);
    if (score > bestScore) {
      bestScore = score;
      best = [first, hits[next - 1] as number];
    }
    const term = (words[first] as Word).term;
    counts[term] = (counts[term] as number) - 1;
    if (counts[term] === 0) distinct--;
  }
  return best;
}

/** The page's words are escaped for Discord markdown, then the matches become **bold**. */
export function markdownSnippet(raw: string): string {
  return raw
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\*_~`|[\]]/g, '\\$&')
    .replace(/^[>#-]/, '\\$&')
    .replaceAll(OPEN, '**')
    .replaceAll(CLOSE, '**');
}
