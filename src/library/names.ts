import { clip } from '../discord/typed-text.js';
import { byTitle } from './load-content.js';
import { normaliseName } from './normalise.js';
import type { AutocompleteChoice, PageInfo } from './types.js';

export const MAX_CHOICES = 25;
const CHOICE_NAME_MAX = 100;
/** Fuzzy matching measures at most this many candidates, so its cost does not grow with the library. */
const FUZZY_CANDIDATES = 64;
/** How many trigram postings one fuzzy lookup may visit. */
const FUZZY_BUDGET = 20_000;

interface Match {
  page: PageInfo;
  /** What the member sees: the title, or "alias → Title". */
  label: string;
}

interface Named {
  key: string;
  match: Match;
}

/** Where pages sort (as the library lists them, by title), for names that are the same. */
const pageOrder = (a: PageInfo, b: PageInfo) => (a === b ? 0 : byTitle(a, b));

function lowerBound(keys: readonly string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((keys[mid] as string) < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A sorted list of normalised names with binary search for prefixes; the same name sorts by page. */
class PrefixList {
  private constructor(
    private readonly keys: string[],
    private readonly entries: Match[],
  ) {}

  /** `items` in page order: the sort is stable, so the same name stays in page order. */
  static of(items: Named[]): PrefixList {
    items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return new PrefixList(
      items.map((item) => item.key),
      items.map((item) => item.match),
    );
  }

  *startingWith(prefix: string): Generator<Match> {
    for (let index = lowerBound(this.keys, prefix); index < this.keys.length; index++) {
      if (!(this.keys[index] as string).startsWith(prefix)) return;
      yield this.entries[index] as Match;
    }
  }

  /** Takes out the names of the `removed` pages (`gone`: those names) and puts `added` in place. */
  update(removed: ReadonlySet<PageInfo>, gone: readonly Named[], added: readonly Named[]): void {
    const { keys, entries } = this;
    for (const { key } of gone) {
      for (let at = lowerBound(keys, key); at < keys.length && keys[at] === key; ) {
        if (removed.has((entries[at] as Match).page)) {
          keys.splice(at, 1);
          entries.splice(at, 1);
        } else at++;
      }
    }
    for (const { key, match } of added) {
      let at = lowerBound(keys, key);
      while (at < keys.length && keys[at] === key && pageOrder((entries[at] as Match).page, match.page) <= 0) at++;
      keys.splice(at, 0, key);
      entries.splice(at, 0, match);
    }
  }
}

/** A page's names in the lists they go to, in the order a full build adds them. */
function namesOf(page: PageInfo, keyOf: (name: string) => string) {
  const primary: Named[] = [];
  const aliases: Named[] = [];
  const inner: Named[] = [];
  const all: Named[] = [];
  const own = new Set<string>();
  const add = (name: string, match: Match, list: Named[]) => {
    const key = keyOf(name);
    if (!key || own.has(key)) return;
    own.add(key);
    list.push({ key, match });
    all.push({ key, match });
    // Later words too, so "therapy" finds "Ketamine Therapy".
    for (let space = key.indexOf(' '); space >= 0; space = key.indexOf(' ', space + 1)) {
      inner.push({ key: key.slice(space + 1), match });
    }
  };
  const titleMatch = { page, label: page.title };
  add(page.title, titleMatch, primary);
  add(page.slug, titleMatch, primary);
  for (const alias of page.aliases) add(alias, { page, label: `${alias} → ${page.title}` }, aliases);
  return { primary, aliases, inner, all };
}

interface Parts {
  pages: readonly PageInfo[];
  exact: Map<string, PageInfo>;
  primary: PrefixList;
  aliases: PrefixList;
  inner: PrefixList;
  /** Every name for fuzzy matching, by id; undefined where a page's name was removed by an update. */
  fuzzyNames: (Named | undefined)[];
  trigrams: Map<string, Int32Array>;
  /** Each page's fuzzy ids. */
  idsOf: Map<PageInfo, number[]>;
  /** Each fuzzy id's place in page order, so fuzzy ties sort as a fresh build would sort them. */
  placeOf: Int32Array;
}

/** Name lookups over page metadata: exact find, prefix autocomplete, bounded fuzzy suggestions. */
export class NameIndex {
  private parts: Parts;
  /** Scratch space of fuzzy matching: how many trigrams each name shares with the input. */
  private counts: Uint16Array;

  private constructor(parts: Parts) {
    this.parts = parts;
    this.counts = new Uint16Array(parts.fuzzyNames.length);
  }

  /** `pages` sorted as the library lists them. */
  static build(pages: readonly PageInfo[], keyOf: (name: string) => string = normaliseName): NameIndex {
    return new NameIndex(NameIndex.parts(pages, keyOf));
  }

  private static parts(pages: readonly PageInfo[], keyOf: (name: string) => string): Parts {
    const primary: Named[] = [];
    const aliases: Named[] = [];
    const inner: Named[] = [];
    const exact = new Map<string, PageInfo>();
    const fuzzyNames: Named[] = [];
    const idsOf = new Map<PageInfo, number[]>();
    const postings = new Map<string, number[]>();
    for (const page of pages) {
      const names = namesOf(page, keyOf);
      primary.push(...names.primary);
      aliases.push(...names.aliases);
      inner.push(...names.inner);
      const ids: number[] = [];
      for (const named of names.all) {
        exact.set(named.key, page);
        const id = fuzzyNames.push(named) - 1;
        ids.push(id);
        for (const gram of trigramsOf(named.key)) {
          const list = postings.get(gram);
          if (list) list.push(id);
          else postings.set(gram, [id]);
        }
      }
      idsOf.set(page, ids);
    }
    const trigrams = new Map<string, Int32Array>();
    for (const [gram, ids] of postings) trigrams.set(gram, Int32Array.from(ids));
    return {
      pages,
      exact,
      primary: PrefixList.of(primary),
      aliases: PrefixList.of(aliases),
      inner: PrefixList.of(inner),
      fuzzyNames,
      trigrams,
      idsOf,
      placeOf: Int32Array.from(fuzzyNames, (_, id) => id),
    };
  }

  /**
   * Becomes the index of `pages` (sorted) by taking out the `removed` pages (as they were indexed) and putting in
   * the `added` ones, instead of indexing every page again (about 100 ms for 10,000 pages); it then answers as
   * `build(pages)` would. It changes in place, so it is called in the synchronous step that swaps the library.
   */
  update(
    pages: readonly PageInfo[],
    removed: readonly PageInfo[],
    added: readonly PageInfo[],
    keyOf: (name: string) => string = normaliseName,
  ): void {
    const parts = this.parts;
    const live = parts.idsOf.size - removed.length + added.length;
    // Ids of removed names are not reused; once most are, a fresh build is smaller and as quick.
    if (parts.fuzzyNames.length > 2 * live + 64) {
      this.parts = NameIndex.parts(pages, keyOf);
      this.counts = new Uint16Array(this.parts.fuzzyNames.length);
      return;
    }
    // A page whose text changed but not its names (the usual edit) only needs its entries to point at the new page.
    const namesChanged =
      removed.length !== added.length || removed.some((page, index) => !sameNames(page, added[index]));
    if (!namesChanged) {
      removed.forEach((page, index) => {
        this.repoint(page, added[index] as PageInfo);
      });
      parts.pages = pages;
      return;
    }
    const { exact, fuzzyNames, idsOf, trigrams } = parts;
    const gone = removed.map((page) => namesOf(page, keyOf));
    const come = added.map((page) => namesOf(page, keyOf));
    const changedGrams = new Map<string, { drop: Set<number>; add: number[] }>();
    const gram = (key: string) => {
      const change = changedGrams.get(key) ?? { drop: new Set<number>(), add: [] };
      changedGrams.set(key, change);
      return change;
    };
    removed.forEach((page, index) => {
      for (const { key } of gone[index]?.all ?? []) if (exact.get(key) === page) exact.delete(key);
      for (const id of idsOf.get(page) ?? []) {
        const named = fuzzyNames[id];
        fuzzyNames[id] = undefined;
        if (named) for (const key of trigramsOf(named.key)) gram(key).drop.add(id);
      }
      idsOf.delete(page);
    });
    added.forEach((page, index) => {
      const ids: number[] = [];
      for (const named of come[index]?.all ?? []) {
        exact.set(named.key, page);
        const id = fuzzyNames.push(named) - 1;
        ids.push(id);
        for (const key of trigramsOf(named.key)) gram(key).add.push(id);
      }
      idsOf.set(page, ids);
    });
    for (const [key, { drop, add }] of changedGrams) {
      const ids = postingsAfter(trigrams.get(key), drop, add);
      if (ids.length) trigrams.set(key, ids);
      else trigrams.delete(key);
    }
    const removedPages = new Set(removed);
    const lists = (pick: (names: ReturnType<typeof namesOf>) => Named[]) => [gone.flatMap(pick), come.flatMap(pick)];
    const [gonePrimary = [], addedPrimary = []] = lists((names) => names.primary);
    const [goneAliases = [], addedAliases = []] = lists((names) => names.aliases);
    const [goneInner = [], addedInner = []] = lists((names) => names.inner);
    parts.primary.update(removedPages, gonePrimary, addedPrimary);
    parts.aliases.update(removedPages, goneAliases, addedAliases);
    parts.inner.update(removedPages, goneInner, addedInner);
    const placeOf = new Int32Array(fuzzyNames.length);
    let place = 0;
    for (const page of pages) for (const id of idsOf.get(page) ?? []) placeOf[id] = place++;
    parts.placeOf = placeOf;
    parts.pages = pages;
    if (this.counts.length < fuzzyNames.length) this.counts = new Uint16Array(fuzzyNames.length + 256);
  }

  /** `after` is `before` read again with the same slug, title and aliases: the same names, in the same places. */
  private repoint(before: PageInfo, after: PageInfo): void {
    const { exact, fuzzyNames, idsOf } = this.parts;
    const ids = idsOf.get(before) ?? [];
    // A page's fuzzy names are all its names, and share their Match objects with the prefix lists: this moves those
    // entries too.
    for (const id of ids) {
      const named = fuzzyNames[id];
      if (!named) continue;
      named.match.page = after;
      if (exact.get(named.key) === before) exact.set(named.key, after);
    }
    idsOf.delete(before);
    idsOf.set(after, ids);
  }

  find(name: string): PageInfo | undefined {
    return this.parts.exact.get(normaliseName(name));
  }

  /** Prefix matches of titles and slugs, then of aliases, then of later words, then fuzzy ones. */
  rank(input: string, limit: number): Match[] {
    const key = normaliseName(input.slice(0, 200));
    if (!key || limit <= 0) return [];
    const found: Match[] = [];
    const seen = new Set<PageInfo>();
    const take = (matches: Iterable<Match>) => {
      for (const match of matches) {
        if (found.length >= limit) return;
        if (seen.has(match.page)) continue;
        seen.add(match.page);
        found.push(match);
      }
    };
    take(this.parts.primary.startingWith(key));
    take(this.parts.aliases.startingWith(key));
    take(this.parts.inner.startingWith(key));
    if (found.length < limit) take(this.fuzzy(key));
    return found;
  }

  suggest(name: string, limit: number): PageInfo[] {
    return this.rank(name, limit).map((match) => match.page);
  }

  autocomplete(input: string): AutocompleteChoice[] {
    const matches = normaliseName(input)
      ? this.rank(input, MAX_CHOICES)
      : this.parts.pages.slice(0, MAX_CHOICES).map((page) => ({ page, label: page.title }));
    return matches.map((match) => ({ name: clip(match.label, CHOICE_NAME_MAX), value: match.page.slug }));
  }

  /** Candidates sharing the most trigrams, then ordered by edit distance (also against a same-length prefix). */
  private fuzzy(key: string): Match[] {
    const grams = [...new Set(trigramsOf(key))];
    const touched: number[] = [];
    // Rarest trigrams first; a trigram shared by very many names tells little and would cost the most.
    const lists = grams
      .map((gram) => this.parts.trigrams.get(gram))
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
    const place = this.parts.placeOf;
    candidates.sort(
      (a, b) => (this.counts[b] as number) - (this.counts[a] as number) || (place[a] as number) - (place[b] as number),
    );
    const best = candidates.slice(0, FUZZY_CANDIDATES);
    for (const id of touched) this.counts[id] = 0;

    const allowed = Math.max(1, Math.floor(key.length / 3));
    return best
      .map((id) => {
        const name = this.parts.fuzzyNames[id] as Named;
        // A name still being typed: compared with its beginning too; whole-name matches sort first on ties.
        const { whole, start } = nameDistances(key, name.key, allowed + 1);
        return {
          match: name.match,
          distance: Math.min(whole, start),
          partial: start < whole,
          place: place[id] as number,
        };
      })
      .filter((entry) => entry.distance <= allowed)
      .sort((a, b) => a.distance - b.distance || Number(a.partial) - Number(b.partial) || a.place - b.place)
      .map((entry) => entry.match);
  }
}

function sameNames(a: PageInfo, b: PageInfo | undefined): boolean {
  return (
    b !== undefined &&
    a.slug === b.slug &&
    a.title === b.title &&
    a.aliases.length === b.aliases.length &&
    a.aliases.every((alias, index) => alias === b.aliases[index])
  );
}

/** A trigram's ids without `drop` and with `add`, written straight into the new list: no copies on the way. */
function postingsAfter(ids: Int32Array | undefined, drop: ReadonlySet<number>, add: readonly number[]): Int32Array {
  let kept = 0;
  for (const id of ids ?? []) if (!drop.has(id)) kept++;
  const after = new Int32Array(kept + add.length);
  let at = 0;
  for (const id of ids ?? []) if (!drop.has(id)) after[at++] = id;
  for (const id of add) after[at++] = id;
  return after;
}

function trigramsOf(key: string): string[] {
  const padded = `  ${key} `;
  const grams: string[] = [];
  for (let index = 0; index + 3 <= padded.length; index++) grams.push(padded.slice(index, index + 3));
  return grams;
}

/** Rows of the edit-distance table, reused: autocomplete measures up to FUZZY_CANDIDATES names at each keystroke. */
let rows = [new Uint16Array(64), new Uint16Array(64), new Uint16Array(64)];

/**
 * The edit distance (optimal string alignment: a swap of neighbours counts as one edit) from `key` to `name`
 * (`whole`), and the least of it and the distances to the beginnings of `name` one character shorter than `key`, as
 * long and one longer (`start`: a name still being typed), each capped at `cap`. One table gives them all: the
 * distance to a beginning of `name` is a column of the table for the whole of it.
 */
export function nameDistances(key: string, name: string, cap: number): { whole: number; start: number } {
  const [m, n] = [key.length, name.length];
  if ((rows[0] as Uint16Array).length <= n) rows = rows.map(() => new Uint16Array(2 * n + 2));
  let [before, previous, current] = rows as [Uint16Array, Uint16Array, Uint16Array];
  for (let j = 0; j <= n; j++) previous[j] = j;
  // The least value of a row never falls in later rows: once it reaches the cap, every distance is the cap.
  let capped = false;
  for (let i = 1; i <= m && !capped; i++) {
    current[0] = i;
    let rowBest = i;
    for (let j = 1; j <= n; j++) {
      const cost = key.charCodeAt(i - 1) === name.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && key[i - 1] === name[j - 2] && key[i - 2] === name[j - 1]) {
        value = Math.min(value, (before[j - 2] as number) + 1);
      }
      current[j] = value;
      if (value < rowBest) rowBest = value;
    }
    capped = rowBest >= cap;
    [before, previous, current] = [previous, current, before];
  }
  const to = (length: number) => (capped ? cap : Math.min(previous[length] as number, cap));
  const whole = to(n);
  let start = whole;
  for (let length = m - 1; length <= m + 1; length++) if (length > 0 && length < n) start = Math.min(start, to(length));
  return { whole, start };
}
