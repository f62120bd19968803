import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../src/library/parse-page.js';
import type { SectionKey } from '../../src/library/types.js';

// A copy of the site export (/work/shared/library/ketamine-therapy.txt), the page's source of truth.
const EXPORT = 'tests/library/fixtures/ketamine-therapy.txt';
const PAGE = 'content/modalities/ketamine-therapy.md';

const paragraphsOf = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean);

/** The export's paragraphs per section, cut at the export's own headings and first sentences. */
function exportSections(): Record<SectionKey, string[]> {
  const all = paragraphsOf(readFileSync(EXPORT, 'utf8'));
  const at = (start: string) => {
    const index = all.findIndex((paragraph) => paragraph.startsWith(start));
    if (index < 0) throw new Error(`the export has no paragraph starting "${start}"`);
    return index;
  };
  return {
    overview: all.slice(at('Ketamine Therapy') + 1, at('Advantages of Ketamine Therapy')),
    benefits: all.slice(at('Advantages of Ketamine Therapy') + 1, at('Disadvantages of Ketamine Therapy')),
    risks: all.slice(at('Disadvantages of Ketamine Therapy') + 1, at('The legality of ketamine')),
    legality: all.slice(at('The legality of ketamine'), at('Ketamine therapy offers several benefits')),
    summary: all.slice(at('Ketamine therapy offers several benefits'), at('Explore More Healing Modalities')),
  };
}

describe('the Ketamine Therapy page', () => {
  const { page, errors } = parsePage(PAGE, readFileSync(PAGE, 'utf8'));

  it('is valid, with the agreed names and no invented source', () => {
    expect(errors).toEqual([]);
    expect(page?.meta).toMatchObject({ slug: 'ketamine-therapy', title: 'Ketamine Therapy' });
    expect(page?.meta.aliases).toEqual(expect.arrayContaining(['ketamine-assisted psychotherapy', 'KAP']));
    expect(page?.meta.source).toBeUndefined();
  });

  it("keeps every section's paragraphs word for word as in the export", () => {
    const expected = exportSections();
    expect(page?.sections.map((section) => section.key)).toEqual([
      'overview',
      'benefits',
      'risks',
      'legality',
      'summary',
    ]);
    for (const section of page?.sections ?? []) {
      expect(paragraphsOf(section.text), section.key).toEqual(expected[section.key]);
    }
    expect(expected.legality).toHaveLength(3);
  });

  it('leaves out the site footer', () => {
    const text = page?.sections.map((section) => section.text).join('\n') ?? '';
    expect(text).not.toMatch(/Explore More|Join Intimate|Fireside|webinar/);
  });

  it("builds its summary only from the page's own words", () => {
    const pageWords = new Set(
      readFileSync(EXPORT, 'utf8')
        .toLowerCase()
        .match(/[\p{L}-]+/gu),
    );
    const summaryWords = page?.meta.summary.toLowerCase().match(/[\p{L}-]+/gu) ?? [];
    expect(summaryWords.filter((word) => !pageWords.has(word))).toEqual([]);
  });
});

describe('the healthcare note', () => {
  it("quotes the page's closing advice, only dropping words (in order)", () => {
    const advice: string[] =
      exportSections()
        .summary.at(-1)
        ?.toLowerCase()
        .match(/[\p{L}-]+/gu) ?? [];
    const note: string[] =
      readFileSync('content/healthcare-note.md', 'utf8')
        .toLowerCase()
        .match(/[\p{L}-]+/gu) ?? [];
    expect(note.length).toBeGreaterThan(20);
    let position = 0;
    for (const word of note) {
      position = advice.indexOf(word, position);
      expect(position, `"${word}" is not in the page's advice at this point`).toBeGreaterThanOrEqual(0);
      position++;
    }
    expect(note).not.toContain('ketamine');
  });
});
