import { clip } from '../discord/typed-text.js';
import { normaliseName } from './normalise.js';
import type { AutocompleteChoice, PageInfo } from './types.js';

export const MAX_CHOICES = 25;
const CHOICE_NAME_MAX = 100;
/** Fuzzy matching measures at most this many candidates, so its cost does not grow with the library. */
const FUZZY_CANDIDATES = 64;
/** How many trigram postings one fuzzy lookup may visit. */
const FUZZY_BUDGET = 20_000;

interface Match {
  page: number;
  /** What the member sees: the title, or "alias → Title". */
  label: string;
}

/** A sorted list of normalised names with binary search for prefixes. */
class PrefixList {
  private readonly keys: string[];
  private readonly entries: Match[];

  constructor(items: { key: string; match: Match }[]) {
    items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.match.page - b.match.page));
    this.keys = items.map((item) => item.key);
    this.entries = items.map((item) => item.match);
  }

  *startingWith(prefix: string): Generator<Match> {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.keys[mid] as string) < prefix) low = mid + 1;
      else high = mid;
    }
    for (let index = low; index < this.keys.length && (this.keys[index] as string).startsWith(prefix); index++) {
      yield this.entries[index] as Match;
    }
  }
}

/** Name lookups over page metadata: exact find, prefix autocomplete, bounded fuzzy suggestions. */
export class NameIndex {
  private readonly exact = new Map<string, number>();
  private readonly primary: PrefixList;
  private readonly aliases: PrefixList;
  private readonly inner: PrefixList;
  private readonly fuzzyNames: { key: string; match: Match }[] = [];
  private readonly trigrams = new Map<string, Int32Array>();
  private readonly counts: Uint16Array;

  /** `keyOf` normalises a page's names; a reloading library passes a memo, as most names repeat between loads. */
  constructor(
    private readonly pages: readonly PageInfo[],
    keyOf: (name: string) => string = normaliseName,
  ) {
    const primary: { key: string; match: Match }[] = [];
    const aliases: { key: string; match: Match }[] = [];
    const inner: { key: string; match: Match }[] = [];
    const postings = new Map<string, number[]>();

    pages.forEach((page, index) => {
      const titleMatch = { page: index, label: page.title };
      const own = new Set<string>();
      const add = (name: string, match: Match, list: typeof primary) => {
        const key = keyOf(name);
        if (!key || own.has(key)) return;
        own.add(key);
        this.exact.set(key, index);
        list.push({ key, match });
        // Later words too, so "therapy" finds "Ketamine Therapy".
        for (let space = key.indexOf(' '); space >= 0; space = key.indexOf(' ', space + 1)) {
          inner.push({ key: key.slice(space + 1), match });
        }
        const fuzzyId = this.fuzzyNames.push({ key, match }) - 1;
        for (const gram of trigramsOf(key)) {
          const list = postings.get(gram);
          if (list) list.push(fuzzyId);
          else postings.set(gram, [fuzzyId]);
        }
      };
      add(page.title, titleMatch, primary);
      add(page.slug, titleMatch, primary);
      for (const alias of page.aliases) add(alias, { page: index, label: `${alias} → ${page.title}` }, aliases);
    });

    this.primary = new PrefixList(primary);
    this.aliases = new PrefixList(aliases);
    this.inner = new PrefixList(inner);
    for (const [gram, ids] of postings) this.trigrams.set(gram, Int32Array.from(ids));
    this.counts = new Uint16Array(this.fuzzyNames.length);
  }

  find(name: string): PageInfo | undefined {
    const index = this.exact.get(normaliseName(name));
    return index === undefined ? undefined : this.pages[index];
  }

  /** Prefix matches of titles and slugs, then of aliases, then of later words, then fuzzy ones. */
  rank(input: string, limit: number): Match[] {
    const key = normaliseName(input.slice(0, 200));
    if (!key || limit <= 0) return [];
    const found: Match[] = [];
    const seen = new Set<number>();
    const take = (matches: Iterable<Match>) => {
      for (const match of matches) {
        if (found.length >= limit) return;
        if (seen.has(match.page)) continue;
        seen.add(match.page);
        found.push(match);
      }
    };
    take(this.primary.startingWith(key));
    take(this.aliases.startingWith(key));
    take(this.inner.startingWith(key));
    if (found.length < limit) take(this.fuzzy(key));
    return found;
  }

  suggest(name: string, limit: number): PageInfo[] {
    return this.rank(name, limit).map((match) => this.pages[match.page] as PageInfo);
  }

  autocomplete(input: string): AutocompleteChoice[] {
    const matches = normaliseName(input)
      ? this.rank(input, MAX_CHOICES)
      : this.pages.slice(0, MAX_CHOICES).map((page, index) => ({ page: index, label: page.title }));
    return matches.map((match) => ({
      name: clip(match.label, CHOICE_NAME_MAX),
      value: (this.pages[match.page] as PageInfo).slug,
    }));
  }

  /** Candidates sharing the most trigrams, then ordered by edit distance (also against a same-length prefix). */
  private fuzzy(key: string): Match[] {
    const grams = [...new Set(trigramsOf(key))];
    const touched: number[] = [];
    // Rarest trigrams first; a trigram shared by very many names tells little and would cost the most.
    const lists = grams
      .map((gram) => this.trigrams.get(gram))
      .filter((ids): ids is Int32Array => ids !== undefined)
      .sort((a, b) => a.length - b.length);
    let visited = 0;
    for (const ids of lists) {
      visited += ids.length;
      if (visited > FUZZY_BUDGET && visited > ids.length) break;
      for (const id of ids) {
        if (this.counts[id] === 0) touched.push(id);
        this.counts[id] = (this.counts[id] as number) + 1;
      }
    }
    const minShared = Math.max(1, Math.ceil(grams.length * 0.3));
    const candidates = touched.filter((id) => (this.counts[id] as number) >= minShared);
    candidates.sort((a, b) => (this.counts[b] as number) - (this.counts[a] as number) || a - b);
    const best = candidates.slice(0, FUZZY_CANDIDATES);
    for (const id of touched) this.counts[id] = 0;

    const allowed = Math.max(1, Math.floor(key.length / 3));
    return best
      .map((id) => {
        const name = this.fuzzyNames[id] as { key: string; match: Match };
        const whole = editDistance(key, name.key, allowed + 1);
        // A name still being typed: compare with its beginning too; whole-name matches sort first on ties.
        let start = whole;
        for (let length = key.length - 1; length <= key.length + 1; length++) {
          if (length > 0 && length < name.key.length) {
            start = Math.min(start, editDistance(key, name.key.slice(0, length), allowed + 1));
          }
        }
        return { match: name.match, distance: Math.min(whole, start), partial: start < whole, id };
      })
      .filter((entry) => entry.distance <= allowed)
      .sort((a, b) => a.distance - b.distance || Number(a.partial) - Number(b.partial) || a.id - b.id)
      .map((entry) => entry.match);
  }
}

function trigramsOf(key: string): string[] {
  const padded = `  ${key} `;
  const grams: string[] = [];
  for (let index = 0; index + 3 <= padded.length; index++) grams.push(padded.slice(index, index + 3));
  return grams;
}

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment), capped at `cap`. */
export function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let before = new Uint16Array(b.length + 1);
  let previous = new Uint16Array(b.length + 1).map((_, index) => index);
  let current = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] as number) + 1);
      }
      current[j] = value;
      if (value < rowBest) rowBest = value;
    }
    if (rowBest >= cap) return cap;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length] as number, cap);
}
