import { describe, expect, it } from 'vitest';
import { textBlocks } from '../../scripts/content-import/blocks.js';
import { htmlBlocks } from '../../scripts/content-import/html-blocks.js';
import { headingKey, recognise } from '../../scripts/content-import/recognise.js';

const page = (...parts: string[]) => recognise(textBlocks(parts.join('\n\n')));

describe('recognising the parts of an export', () => {
  it('knows the site’s headings for each section, and no others', () => {
    expect(headingKey('Advantages of Reiki')).toBe('benefits');
    expect(headingKey('Benefits of Reiki:')).toBe('benefits');
    expect(headingKey('Disadvantages of Reiki')).toBe('risks');
    expect(headingKey('Risks of Reiki')).toBe('risks');
    expect(headingKey('Is Reiki legal?')).toBe('legality');
    expect(headingKey('Legality of Reiki')).toBe('legality');
    expect(headingKey('In short')).toBe('summary');
    expect(headingKey('Benefits and risks of Reiki')).toBeUndefined();
    expect(headingKey('Dosage')).toBeUndefined();
  });

  it('starts the legality and closing parts, which the export gives no heading, at their first words', () => {
    const found = page(
      'Reiki',
      'Reiki is a practice.',
      'Disadvantages of Reiki',
      'It is not for everyone.',
      'The legality of reiki is not in question.',
      'Reiki offers several benefits, including calm.',
      'If you are considering reiki, consult a professional.',
    );
    expect(found).toEqual({
      title: 'Reiki',
      sections: {
        overview: ['Reiki is a practice.'],
        risks: ['It is not for everyone.'],
        legality: ['The legality of reiki is not in question.'],
        summary: [
          'Reiki offers several benefits, including calm.',
          'If you are considering reiki, consult a professional.',
        ],
      },
      unplaced: [],
      problems: [],
    });
  });

  it('never goes back to an earlier section on first words', () => {
    const found = page('Reiki', 'Words.', 'In short', 'In conclusion, calm.', 'The legality of reiki varies.');
    expect(found.sections.summary).toEqual(['In conclusion, calm.', 'The legality of reiki varies.']);
    expect(found.sections.legality).toBeUndefined();
  });

  it('leaves out the site name above the title, and the footer’s blurbs and links after the closing part', () => {
    const found = page(
      'Healing Library',
      'Reiki',
      'Words.',
      'Advantages of Reiki',
      'Calm.',
      'In short, calm.',
      'Explore More Healing Modalities:',
      'Psilocybin',
      'Fireside Discussions',
      'Join live and interactive discussions with facilitators.',
    );
    expect(found).toEqual({
      title: 'Reiki',
      sections: { overview: ['Words.'], benefits: ['Calm.'], summary: ['In short, calm.'] },
      unplaced: [],
      problems: [],
    });
  });

  it('leaves out the footer after the page’s last section, whichever it is', () => {
    const found = page(
      'Reiki',
      'Words.',
      'Disadvantages of Reiki',
      'Not for all.',
      'Fireside Discussions',
      'Join live and interactive discussions.',
    );
    expect(found).toMatchObject({ sections: { overview: ['Words.'], risks: ['Not for all.'] }, problems: [] });
  });

  it('keeps a paragraph of the page that starts with a footer’s words, and everything after it', () => {
    const found = page(
      'Reiki',
      'Words.',
      'Advantages of Reiki',
      'Fireside discussions on reiki are held by the community.',
      'Calm.',
      'Disadvantages of Reiki',
      'Not for everyone.',
      'In short, calm.',
    );
    expect(found.problems).toEqual([]);
    expect(found.sections).toEqual({
      overview: ['Words.'],
      benefits: ['Fireside discussions on reiki are held by the community.', 'Calm.'],
      risks: ['Not for everyone.'],
      summary: ['In short, calm.'],
    });
  });

  it('lists a footer heading before the page’s last section, and the page’s text after the footer, keeping both', () => {
    const early = page('Reiki', 'Words.', 'Fireside Discussions', 'Calm.', 'In short, calm.');
    expect(early.problems).toEqual([
      {
        line: 5,
        message: `unknown heading "Fireside Discussions": it fits none of the sections (the site's footer is left out only after the page's last section)`,
        unplaced: true,
      },
    ]);
    expect(early.unplaced).toMatchObject([
      { heading: 'Fireside Discussions', paragraphs: ['Calm.', 'In short, calm.'] },
    ]);

    const late = page('Reiki', 'Words.', 'In short, calm.', 'Fireside Discussions', 'Join us.', 'Consult a doctor.');
    const why = "page text after the site's footer (line 7) would be left out";
    expect(late.sections).toEqual({ overview: ['Words.'], summary: ['In short, calm.'] });
    expect(late.problems).toEqual([
      { line: 9, message: why, unplaced: true },
      { line: 11, message: why, unplaced: true },
    ]);
    expect(late.unplaced).toEqual([
      { heading: "After the site's footer", line: 9, problem: why, paragraphs: ['Join us.', 'Consult a doctor.'] },
    ]);
  });

  it('reads HTML as a browser shows it: entities decoded, white space collapsed, <br> kept', () => {
    const blocks = htmlBlocks(
      '<body><nav><h2>Menu</h2></nav><h1>Reiki &amp; Touch</h1><p>One\n   line<br>two <b>bold</b>.<p>Next <!-- note --> one',
    );
    expect(blocks).toEqual([
      { kind: 'heading', text: 'Reiki & Touch', line: 1 },
      { kind: 'paragraph', text: 'One line\ntwo bold.', line: 1 },
      { kind: 'paragraph', text: 'Next one', line: 2 },
    ]);
  });
});
