import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatContentError, parsePage } from '../../src/library/index.js';
import { tempDir } from '../library/helpers.js';
import { contentCheck, EXPORT_COPY, importFile } from './helpers.js';

const EXPORT = readFileSync(EXPORT_COPY, 'utf8');
const NOTHING_WRITTEN = (target: string) =>
  `Nothing written: fix the export, or run again with --force to write ${target} with these parts marked IMPORT TODO (content:check refuses the page until they are dealt with).`;

/** The export changed by `edit`, written to a temporary folder, with the folder pages are written to. */
function exportWith(edit: (text: string) => string, name = 'ketamine-therapy.txt') {
  const dir = tempDir();
  const file = join(dir, name);
  writeFileSync(file, edit(EXPORT));
  return { dir, file, out: join(dir, 'content', 'modalities') };
}
const lineOf = (text: string, start: string) => text.split('\n').findIndex((line) => line.startsWith(start)) + 1;
const pageErrors = (file: string) => parsePage(file, readFileSync(file, 'utf8')).errors.map(formatContentError);

const DOSAGE = (text: string) =>
  text.replace(
    'Disadvantages of Ketamine Therapy',
    'Dosage of Ketamine\n\nDoses vary.\n\nDisadvantages of Ketamine Therapy',
  );

describe('what the importer cannot place', () => {
  it('an unknown heading: listed, nothing written; with --force kept under it, marked, and refused by content:check', async () => {
    const { dir, file, out } = exportWith(DOSAGE);
    const line = lineOf(readFileSync(file, 'utf8'), 'Dosage of Ketamine');
    const target = join(out, 'ketamine-therapy.md');
    const problem = `${file}:${line}: unknown heading "Dosage of Ketamine": it fits none of the sections`;
    expect(await importFile(file, '--out', out)).toEqual({ code: 1, out: [], err: [problem, NOTHING_WRITTEN(target)] });
    expect(existsSync(out)).toBe(false);

    const forced = await importFile(file, '--out', out, '--force');
    expect(forced).toMatchObject({ code: 0, err: [problem] });
    expect(forced.out).toEqual([
      `Wrote ${target}, with 1 part marked IMPORT TODO. Fill in what it marks IMPORT TODO, then run npm run content:check.`,
    ]);
    const written = readFileSync(target, 'utf8');
    const marker = `IMPORT TODO: line ${line} of the export: unknown heading "Dosage of Ketamine": it fits none of the sections: move what follows into a section or delete it`;
    expect(written).toContain(`\n\n## Dosage of Ketamine\n\n${marker}\n\nDoses vary.\n`);

    writeFileSync(join(dir, 'content', 'healthcare-note.md'), 'Consult a professional.');
    const check = await contentCheck(join(dir, 'content')).catch((error) => error);
    expect(check.code).toBe(1);
    const at = (start: string) => `${target}:${lineOf(written, start)}`;
    expect(check.stderr).toContain(
      `${at('## Dosage')}: sections: unknown heading "## Dosage of Ketamine" (the headings are: Overview, Advantages, Disadvantages, Legality, In short)\n`,
    );
    expect(check.stderr).toContain(
      `${at(marker)}: sections: left by content:import: line ${line} of the export: unknown heading "Dosage of Ketamine": it fits none of the sections: move what follows into a section or delete it\n`,
    );
  });

  it('no title: the title is left to fill and the page is named after the file', async () => {
    const { file, out } = exportWith((text) => text.replace('Ketamine Therapy\n\n', ''), 'Ketamine Therapy.txt');
    const problem = `${file}:3: no title: the page should start with its title on a line of its own`;
    const target = join(out, 'ketamine-therapy.md');
    expect(await importFile(file, '--out', out)).toMatchObject({ code: 1, err: [problem, NOTHING_WRITTEN(target)] });
    expect(await importFile(file, '--out', out, '--force')).toMatchObject({ code: 0, err: [problem] });
    expect(pageErrors(target)).toEqual(
      expect.arrayContaining([
        `${target}:2: title: to fill in after content:import: the page's title, as the website writes it`,
        `${target}:13: sections: left by content:import: line 3 of the export: no title: the page should start with its title on a line of its own`,
      ]),
    );
  });

  it('no overview, and a heading that comes twice', async () => {
    const { file, out } = exportWith((text) =>
      text
        .replace(/Ketamine therapy, also known[^\n]*\n\n/, '')
        .replace(
          'Furthermore, ketamine therapy has',
          'Advantages of Ketamine Therapy\n\nFurthermore, ketamine therapy has',
        ),
    );
    const again = readFileSync(file, 'utf8').split('\n').lastIndexOf('Advantages of Ketamine Therapy') + 1;
    const result = await importFile(file, '--out', out, '--force');
    expect(result.err).toEqual([
      `${file}:5: no overview: no paragraphs between the title and the first heading`,
      `${file}:${again}: heading "Advantages of Ketamine Therapy" starts a section the page already has`,
    ]);
    const target = join(out, 'ketamine-therapy.md');
    expect(pageErrors(target)).toEqual(
      expect.arrayContaining([
        `${target}:13: sections: left by content:import: line 5 of the export: no overview: no paragraphs between the title and the first heading`,
        expect.stringMatching(/: sections: the page has no "## Overview" section$/),
        expect.stringMatching(/: sections: unknown heading "## Advantages of Ketamine Therapy" \(the headings are/),
        expect.stringMatching(
          /: sections: left by content:import: line \d+ of the export: heading "Advantages of Ketamine Therapy" starts a section the page already has: move what follows into a section or delete it$/,
        ),
      ]),
    );
  });
});
