import { describe, expect, it } from 'vitest';
import { generatedAlias, generatedTitle } from '../../bench/library-generate.js';
import { byTitle } from '../../src/library/load-content.js';
import { NameIndex } from '../../src/library/names.js';
import type { PageInfo } from '../../src/library/types.js';

function page(index: number, title = generatedTitle(index), aliases = [generatedAlias(index)]): PageInfo {
  const slug = generatedTitle(index).toLowerCase().replace(/ /g, '-');
  return { slug, title, aliases, summary: 's', tags: [], lastReviewed: '2025-01-01', sections: [] };
}

/** Everything a member can get from the names: autocomplete (prefix, inner word, fuzzy), find and suggest. */
function answers(names: NameIndex, inputs: string[]) {
  return inputs.map((input) => ({
    choices: names.autocomplete(input),
    found: names.find(input)?.slug,
    suggested: names.suggest(input, 5).map((info) => info.slug),
  }));
}

describe('the name index of a reloaded library', () => {
  it('answers as one built from scratch after pages are added, renamed and removed', () => {
    const pages = Array.from({ length: 600 }, (_, index) => page(index)).sort(byTitle);
    const names = NameIndex.build(pages);
    let current = pages;
    const next = [...pages];
    // Removed, renamed (title and aliases), added, and a page whose title ties with another's inner word.
    const removed = [next[3], next[250]] as PageInfo[];
    const renamed = next[100] as PageInfo;
    const renamedTo = page(9999, 'Kalomi Therapy Plus', ['Zeta Calm', 'Deep Therapy']);
    Object.assign(renamedTo, { slug: renamed.slug });
    const added = [page(700), page(701, 'Therapy'), page(702, generatedTitle(5).slice(0, -1))];
    const after = [...next.filter((info) => !removed.includes(info) && info !== renamed), renamedTo, ...added].sort(
      byTitle,
    );
    names.update(after, [...removed, renamed], [renamedTo, ...added]);
    current = after;

    const inputs = [
      '',
      'k',
      'ka',
      'kalo',
      'therapy',
      'deep',
      'zeta calm',
      'xan',
      generatedTitle(5),
      removed[0]?.title as string,
      removed[1]?.aliases[0] as string,
      renamed.title,
      renamed.aliases[0] as string,
      generatedAlias(700),
      generatedTitle(701),
      'kalomi therapy plu',
      `${generatedTitle(17)}x`,
      generatedTitle(40).slice(1),
    ];
    expect(answers(names, inputs)).toEqual(answers(NameIndex.build(current), inputs));
    expect(names.find(removed[0]?.title as string)).toBeUndefined();
    expect(names.find('zeta calm')?.slug).toBe(renamed.slug);
    expect(names.find(renamed.aliases[0] as string)).toBeUndefined();
    expect(names.autocomplete('therapy')[0]?.value).toBe(added[1]?.slug);
  });
});

describe('a page read again with the same names', () => {
  it('is found, completed and suggested as the new page, as a fresh build would, with other pages untouched', () => {
    const pages = Array.from({ length: 300 }, (_, index) => page(index)).sort(byTitle);
    const names = NameIndex.build(pages);
    const before = pages[42] as PageInfo;
    // A new object with the same slug, title and aliases: only its text (here its summary) changed.
    const after: PageInfo = { ...before, aliases: [...before.aliases], summary: 'read again' };
    const current = pages.map((info) => (info === before ? after : info));
    names.update(current, [before], [after]);

    const inputs = ['', before.title, before.title.slice(0, 3), before.aliases[0] as string, `${before.title}x`];
    expect(answers(names, inputs)).toEqual(answers(NameIndex.build(current), inputs));
    expect(names.find(before.title)).toBe(after);
    expect(names.find(before.aliases[0] as string)).toBe(after);
    expect(names.suggest(`${before.title}x`, 5)).toContain(after);
    expect(names.suggest(`${before.title}x`, 5)).not.toContain(before);
    expect(names.find((pages[7] as PageInfo).title)).toBe(pages[7]);
    // Every list (titles, aliases, later words, fuzzy) gives the new page object, never the one replaced.
    const words = [...before.title.split(' '), ...before.aliases.flatMap((alias) => alias.split(' '))];
    const reached = [...inputs, ...words].flatMap((input) => names.suggest(input, 25));
    expect(reached).toContain(after);
    expect(reached).not.toContain(before);

    // Read again once more: the page it now points at is the one replaced.
    const again: PageInfo = { ...after, summary: 'twice' };
    names.update(
      current.map((info) => (info === after ? again : info)),
      [after],
      [again],
    );
    expect(names.find(before.title)).toBe(again);
    expect(names.autocomplete(before.title)[0]?.value).toBe(before.slug);
    const reachedAgain = [...inputs, ...words].flatMap((input) => names.suggest(input, 25));
    expect(reachedAgain).toContain(again);
    expect(reachedAgain).not.toContain(after);
  });
});
