import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../src/library/index.js';
import { tempDir } from '../library/helpers.js';
import {
  bodyOf,
  contentCheck,
  EXPORT_COPY,
  HAND_MADE,
  HTML_EXPORT,
  handMadeBody,
  importCli,
  importFile,
  SHARED_EXPORT,
} from './helpers.js';

const TEXT_EXPORT = existsSync(SHARED_EXPORT) ? SHARED_EXPORT : EXPORT_COPY;

describe('importing the Ketamine Therapy export', () => {
  it.each([
    ['the plain-text export', TEXT_EXPORT],
    ['a page saved from a browser as HTML', HTML_EXPORT],
  ])('gives the sections of the hand-made page word for word, from %s', async (_, file) => {
    const out = tempDir();
    const result = await importFile(file, '--out', out);
    expect(result).toMatchObject({ code: 0, err: [] });
    const written = readFileSync(join(out, 'ketamine-therapy.md'), 'utf8');
    expect(bodyOf(written)).toBe(handMadeBody());

    // With the editor's front matter, the imported text is the same page, section for section.
    const handMade = readFileSync(HAND_MADE, 'utf8');
    const filledIn = handMade.slice(0, handMade.length - handMadeBody().length) + bodyOf(written);
    expect(parsePage('p.md', filledIn).page?.sections).toEqual(parsePage('p.md', handMade).page?.sections);
    expect(written).toMatch(/^---\ntitle: Ketamine Therapy\nslug: ketamine-therapy\n/);
    expect(written).not.toMatch(/Explore More|Join Intimate|Fireside|webinar|Healing Library/);
  });

  it('runs as a command, and content:check then lists the fields left to the editor', async () => {
    const content = tempDir();
    const out = join(content, 'modalities');
    writeFileSync(join(content, 'healthcare-note.md'), 'Consult a professional.');
    const { stdout } = await importCli(TEXT_EXPORT, '--out', out);
    const page = join(out, 'ketamine-therapy.md');
    expect(stdout).toBe(`Wrote ${page}. Fill in what it marks IMPORT TODO, then run npm run content:check.\n`);

    const check = await contentCheck(content).catch((error) => error);
    expect(check.code).toBe(1);
    expect(check.stderr.split('\n').filter(Boolean)).toEqual([
      `${page}:5: aliases: to fill in after content:import: other names members may type, from the page's own words (or delete aliases)`,
      `${page}:6: summary: to fill in after content:import: one line of at most 100 characters, in the page's own words`,
      `${page}:8: tags: to fill in after content:import: up to 10 topic words (or delete tags)`,
      `${page}:9: source: to fill in after content:import: the page's address on the website (or delete source when unknown: never guess)`,
      `${page}:10: last_reviewed: to fill in after content:import: the date you checked this page against its source, YYYY-MM-DD`,
    ]);
  });

  it('does not overwrite an existing page without --overwrite (--force alone does not), and replaces it with it', async () => {
    const out = tempDir();
    const target = join(out, 'ketamine-therapy.md');
    writeFileSync(target, 'the editor’s work');
    const refused = {
      code: 1,
      out: [],
      err: [`${target}: already exists, not overwritten (run again with --overwrite to replace it)`],
    };
    expect(await importFile(TEXT_EXPORT, '--out', out)).toEqual(refused);
    expect(await importFile(TEXT_EXPORT, '--out', out, '--force')).toEqual(refused);
    expect(readFileSync(target, 'utf8')).toBe('the editor’s work');
    expect(await importFile(TEXT_EXPORT, '--out', out, '--overwrite')).toMatchObject({ code: 0 });
    expect(bodyOf(readFileSync(target, 'utf8'))).toBe(handMadeBody());
  });
});
