import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../src/library/index.js';
import { tempDir } from '../library/helpers.js';
import { EXPORT_COPY, importFile } from './helpers.js';

const EXPORT = readFileSync(EXPORT_COPY, 'utf8');
const FIRESIDE = 'Fireside discussions on ketamine therapy are one place where people share such experiences.';

function exportWith(edit: (text: string) => string) {
  const dir = tempDir();
  const file = join(dir, 'ketamine-therapy.txt');
  writeFileSync(file, edit(EXPORT));
  return { file, out: join(dir, 'drafts'), text: readFileSync(file, 'utf8') };
}
const lineOf = (text: string, start: string) => text.split('\n').findIndex((line) => line.startsWith(start)) + 1;
const sectionsOf = (file: string) => parsePage(file, readFileSync(file, 'utf8')).page?.sections;

describe('the site’s footer, and the page’s own words like it', () => {
  it('a paragraph of the page starting "Fireside discussions…" stays in its section, and the rest of the page with it', async () => {
    const { file, out } = exportWith((text) =>
      text.replace('Disadvantages of Ketamine Therapy', `${FIRESIDE}\n\nDisadvantages of Ketamine Therapy`),
    );
    expect(await importFile(file, '--out', out)).toMatchObject({ code: 0, err: [] });
    const written = join(out, 'ketamine-therapy.md');
    const withIt = readFileSync(written, 'utf8');
    expect(withIt).toContain(`${FIRESIDE}\n\n## Disadvantages\n`);
    expect(withIt).toContain('## Legality\n\nThe legality of ketamine varies');
    expect(withIt).toContain('## In short\n\nKetamine therapy offers several benefits');
    expect(withIt).not.toMatch(/Explore More|Join Intimate|webinar/);
  });

  it('text of the page after the footer is listed and nothing written; with --force it is kept, marked', async () => {
    const advice = 'Always consult a qualified healthcare professional first.';
    const { file, out, text } = exportWith((export_) => `${export_.trimEnd()}\n\n${advice}\n`);
    const why = `page text after the site's footer (line ${lineOf(text, 'Explore More')}) would be left out`;
    const problem = `${file}:${lineOf(text, advice)}: ${why}`;
    const refused = await importFile(file, '--out', out);
    expect(refused).toMatchObject({ code: 1, out: [], err: [problem, expect.stringMatching(/^Nothing written/)] });

    expect(await importFile(file, '--out', out, '--force')).toMatchObject({ code: 0, err: [problem] });
    const written = readFileSync(join(out, 'ketamine-therapy.md'), 'utf8');
    expect(written).toContain(`\n\n## After the site's footer\n\nIMPORT TODO: line ${lineOf(text, advice)}`);
    expect(written.endsWith(`\n\n${advice}\n`)).toBe(true);
    expect(written).not.toMatch(/Explore More|Join Intimate|webinar/);
  });

  it('a footer heading before the page’s last section is listed, and what follows it kept', async () => {
    const { file, out, text } = exportWith((export_) =>
      export_.replace('Disadvantages of Ketamine Therapy', 'Fireside Discussions\n\nDisadvantages of Ketamine Therapy'),
    );
    const line = lineOf(text, 'Fireside Discussions');
    const result = await importFile(file, '--out', out);
    expect(result.err[0]).toBe(
      `${file}:${line}: unknown heading "Fireside Discussions": it fits none of the sections (the site's footer is left out only after the page's last section)`,
    );
    expect(result.code).toBe(1);
    expect(await importFile(file, '--out', out, '--force')).toMatchObject({ code: 0 });
    expect(sectionsOf(join(out, 'ketamine-therapy.md'))).toBeUndefined();
    expect(readFileSync(join(out, 'ketamine-therapy.md'), 'utf8')).toContain('## In short\n\nKetamine therapy offers');
  });
});
