import { endianness } from 'node:os';
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
/**
 * What the FTS5 unicode61 tokenizer counts as part of a word; accents stay with their letter. Sticky: the scan
 * tries it only at a character outside ASCII, always at the start of a code point (in the middle of a surrogate
 * pair V8 would step back and match the whole pair).
 */
const WORD_CHARS = /[\p{L}\p{N}\p{M}\p{Co}]+/uy;
const PLAIN = /^[a-z0-9]+$/;
/** The ASCII characters in WORD_CHARS: letters and digits. Read at any other character, it gives undefined. */
const ASCII_WORD = new Uint8Array(0x80).map((_, code) => (/[a-zA-Z0-9]/.test(String.fromCharCode(code)) ? 1 : 0));

/** The words of the scanned text in parallel arrays, not an object per word: a section has hundreds. */
interface Words {
  starts: Int32Array;
  ends: Int32Array;
  /** Index in starts/ends of each word that is a query word, in order. */
  hits: Int32Array;
  /** Which query word each hit is. */
  hitTerms: Int32Array;
}

/**
 * The scanned text's UTF-16 code units, copied there natively (well under a microsecond): the scan reads every one,
 * and reads them from a typed array about twice as fast as with charCodeAt. Reused by every snippet, as
 * sectionSnippet runs to its end before the next begins.
 */
const units = new Uint16Array(SNIPPET_SCAN_CHARS);
const unitBytes = Buffer.from(units.buffer);
/** Buffer writes UTF-16 little-endian; a Uint16Array reads in the machine's order. */
const BIG_ENDIAN = endianness() === 'BE';

/** Where scanWords writes, reused likewise: room for the most words SNIPPET_SCAN_CHARS can hold, one-letter words. */
const MAX_WORDS = Math.ceil(SNIPPET_SCAN_CHARS / 2);
const scratch: Words = {
  starts: new Int32Array(MAX_WORDS),
  ends: new Int32Array(MAX_WORDS),
  hits: new Int32Array(MAX_WORDS),
  hitTerms: new Int32Array(MAX_WORDS),
};

/** The query's words, as each word of the text is looked up in them. */
interface Query {
  /** Index of each query word; of its last occurrence when repeated. */
  terms: ReadonlyMap<string, number>;
  /** The plain ([a-z0-9]) query words by length, with their index: all a word of ASCII letters and digits can be. */
  plainByLength: (readonly [token: string, index: number])[][];
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
  const { starts, ends, hits, hitTerms } = scanWords(text, cutShort, queryOf(tokens));
  const count = starts.length;
  const [first, last] = bestWindow(hits, hitTerms, tokens.length);

  let start = Math.max(0, first - Math.floor((SNIPPET_WORDS - (last - first + 1)) / 2));
  start = Math.min(start, Math.max(0, count - SNIPPET_WORDS));
  let end = Math.min(count, start + SNIPPET_WORDS);
  // Very long words: drop words before the matches first, then after them.
  while (end - start > 1 && (ends[end - 1] as number) - (starts[start] as number) > SNIPPET_MAX_CHARS) {
    if (start < first) start++;
    else end--;
  }

  let from = start === 0 ? 0 : (starts[start] ?? 0);
  let to = end === count && !cutShort ? text.length : (ends[end - 1] ?? 0);
  if (to - from > SNIPPET_MAX_CHARS) {
    from = starts[start] ?? from;
    to = Math.min(to, from + SNIPPET_MAX_CHARS);
    const boundary = graphemeBoundary(text, to);
    // A single "character" longer than the limit (a letter under hundreds of accents) is cut between code points.
    to = boundary > from ? boundary : codePointBoundary(text, to);
  }

  let raw = from > 0 ? '…' : '';
  let at = from;
  for (const word of hits) {
    if (word < start || word >= end || (ends[word] as number) > to) continue;
    raw += `${text.slice(at, starts[word])}${OPEN}${text.slice(starts[word], ends[word])}${CLOSE}`;
    at = ends[word] as number;
  }
  raw += text.slice(at, to);
  if (to < text.length || cutShort) raw += '…';
  return markdownSnippet(raw);
}

function queryOf(tokens: readonly string[]): Query {
  const terms = new Map(tokens.map((token, index) => [token, index]));
  const plainByLength: Query['plainByLength'] = [];
  for (const [token, index] of terms) {
    if (!PLAIN.test(token)) continue;
    const sameLength = plainByLength[token.length] ?? [];
    sameLength.push([token, index]);
    plainByLength[token.length] = sameLength;
  }
  return { terms, plainByLength };
}

/**
 * The words of `text` as WORD_CHARS matches them one after another, and which are query words; views of scratch,
 * good until the next call. By code unit, not matchAll: most text is ASCII, whose letters and digits are told by a
 * table and whose words are compared with the query's where they stand; only a word holding another character is
 * sliced and normalised.
 */
function scanWords(text: string, cutShort: boolean, query: Query): Words {
  const code = codeUnitsOf(text);
  const length = code.length;
  let count = 0;
  let hitCount = 0;
  let at = 0;
  while (at < length) {
    const start = at;
    const asciiEnd = asciiWordEnd(code, at);
    at = wordEnd(text, code, asciiEnd);
    if (at === start) {
      at += isSurrogatePair(code, at) ? 2 : 1; // a character outside words, stepped over whole
      continue;
    }
    if (cutShort && at === length) break; // a word cut by the scan is not a whole word
    const term = at === asciiEnd ? asciiTermOf(code, start, at, query) : termOf(text.slice(start, at), query.terms);
    if (term >= 0) {
      scratch.hits[hitCount] = count;
      scratch.hitTerms[hitCount++] = term;
    }
    scratch.starts[count] = start;
    scratch.ends[count++] = at;
  }
  return {
    starts: scratch.starts.subarray(0, count),
    ends: scratch.ends.subarray(0, count),
    hits: scratch.hits.subarray(0, hitCount),
    hitTerms: scratch.hitTerms.subarray(0, hitCount),
  };
}

/** Where the ASCII letters and digits from `at` end. */
function asciiWordEnd(code: Uint16Array, at: number): number {
  let end = at;
  while (end < code.length && ASCII_WORD[code[end] as number] === 1) end++;
  return end;
}

/** Where the word goes on to past `at` when a character outside ASCII is there; WORD_CHARS takes in the rest. */
function wordEnd(text: string, code: Uint16Array, at: number): number {
  if (at === code.length || (code[at] as number) < 0x80) return at;
  WORD_CHARS.lastIndex = at;
  return WORD_CHARS.test(text) ? WORD_CHARS.lastIndex : at;
}

/** `text` as code units, in `units`. */
function codeUnitsOf(text: string): Uint16Array {
  const bytes = unitBytes.write(text, 'utf16le');
  if (BIG_ENDIAN) unitBytes.subarray(0, bytes).swap16();
  return units.subarray(0, bytes / 2);
}

/** Whether the code units at `at` are a surrogate pair: one character (an emoji, say), never to be split. */
function isSurrogatePair(code: Uint16Array, at: number): boolean {
  const high = code[at] as number;
  if (high < 0xd800 || high > 0xdbff) return false;
  const low = code[at + 1] ?? 0;
  return low >= 0xdc00 && low <= 0xdfff;
}

/**
 * termOf for the word code[start, end) of ASCII letters and digits: in lower case it is plain, so it can only be
 * a plain query word of its length. Most words have no such length; the others are compared in place, not sliced.
 */
function asciiTermOf(code: Uint16Array, start: number, end: number, query: Query): number {
  const candidates = query.plainByLength[end - start];
  if (candidates === undefined) return -1;
  for (const [token, index] of candidates) if (isLowered(code, start, token)) return index;
  return -1;
}

/** Whether the ASCII letters and digits at `start` in `code`, in lower case, are `token`. */
function isLowered(code: Uint16Array, start: number, token: string): boolean {
  for (let offset = 0; offset < token.length; offset++) {
    const unit = code[start + offset] as number;
    const lower = unit <= 0x5a && unit >= 0x41 ? unit + 0x20 : unit;
    if (lower !== token.charCodeAt(offset)) return false;
  }
  return true;
}

/** Which query word `word` is, or -1; `word` may hold any letters, accents or digits. */
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
 * most matches; one pass over the hits (word indexes) and which query word each is. [0, -1] when nothing matches.
 */
function bestWindow(hits: Int32Array, hitTerms: Int32Array, termCount: number): [first: number, last: number] {
  const hitCount = hits.length;
  const counts = new Int32Array(termCount);
  let distinct = 0;
  let best: [number, number] = [0, -1];
  let bestScore = -1;
  let next = 0;
  for (let a = 0; a < hitCount; a++) {
    const first = hits[a] as number;
    while (next < hitCount && (hits[next] as number) < first + SNIPPET_WORDS) {
      const term = hitTerms[next] as number;
      if (counts[term] === 0) distinct++;
      counts[term] = (counts[term] as number) + 1;
      next++;
    }
    const score = distinct * SNIPPET_WORDS + (next - a);
    if (score > bestScore) {
      bestScore = score;
      best = [first, hits[next - 1] as number];
    }
    const term = hitTerms[a] as number;
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
