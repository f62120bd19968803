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

  it('leaves out the site name above the title and everything from the footer’s blurbs on', () => {
    const found = page(
      'Healing Library',
      'Reiki',
      'Words.',
      'Advantages of Reiki',
      'Calm.',
      'Fireside Discussions',
      'Join us.',
    );
    expect(found.title).toBe('Reiki');
    expect(found.sections).toEqual({ overview: ['Words.'], benefits: ['Calm.'] });
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
