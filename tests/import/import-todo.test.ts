import { describe, expect, it } from 'vitest';
import { formatContentError, parsePage } from '../../src/library/index.js';
import { pageText } from '../library/helpers.js';

const errorsOf = (text: string) => parsePage('p.md', text).errors.map(formatContentError);

describe('a page with parts marked IMPORT TODO', () => {
  it('is refused with the note of each front matter field left to fill, and no other message about them', () => {
    const text = pageText({ slug: 'reiki', summary: '"IMPORT TODO: one line of at most 100 characters"' })
      .replace('  - test', '  - "IMPORT TODO: up to 10 topic words"')
      .replace('2025-03-01', '"IMPORT TODO: the date, YYYY-MM-DD"');
    expect(errorsOf(text)).toEqual([
      'p.md:4: summary: to fill in after content:import: one line of at most 100 characters',
      'p.md:6: tags: to fill in after content:import: up to 10 topic words',
      'p.md:7: last_reviewed: to fill in after content:import: the date, YYYY-MM-DD',
    ]);
  });

  it('still reports the other fields’ problems beside the marked ones', () => {
    const text = pageText({ slug: 'Bad Slug', summary: '"IMPORT TODO: a line"' });
    expect(errorsOf(text)).toEqual([
      'p.md:3: slug: must be lowercase letters and digits joined by single hyphens',
      'p.md:4: summary: to fill in after content:import: a line',
    ]);
  });

  it('is refused for a marked line in the text, even inside a section that is otherwise fine', () => {
    const body = 'IMPORT TODO: line 3 of the export: no title\n\n## Overview\n\nWords.\n\nIMPORT TODO: place this\n';
    expect(errorsOf(pageText({ slug: 'reiki', body }))).toEqual([
      'p.md:10: sections: left by content:import: line 3 of the export: no title',
      'p.md:16: sections: left by content:import: place this',
    ]);
  });
});
