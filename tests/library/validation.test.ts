import { execFile } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { StartupError } from '../../src/core/errors.js';
import { openDatabase } from '../../src/db/open.js';
import { formatContentError, loadLibrary, validateContent } from '../../src/library/index.js';
import { PAGE_MAX_BYTES, SECTION_MAX_CHARS } from '../../src/library/page-schema.js';
import { parsePage } from '../../src/library/parse-page.js';
import { pageText, tempContent, tempDir } from './helpers.js';

/** Exponential entity expansion: every line multiplies the one before by nine. */
const ALIAS_BOMB = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
`;

/** Errors of one page file as printed by content:check, relative to the file. */
function errorsOf(text: string): string[] {
  return parsePage('p.md', text).errors.map(formatContentError);
}

describe('parsePage', () => {
  it('reads the front matter and the sections in their canonical order', () => {
    const { page, errors } = parsePage(
      'p.md',
      pageText({
        slug: 'reiki',
        title: 'Reiki',
        aliases: ['Usui Reiki'],
        extraFront: 'source: https://example.org/reiki\n',
        body: '## Legality\n\nLegal.\n\n## Overview\n\nFirst line.\nSecond line.\n\n\n\nNew paragraph.\n',
      }),
    );
    expect(errors).toEqual([]);
    expect(page?.meta).toMatchObject({
      title: 'Reiki',
      slug: 'reiki',
      aliases: ['Usui Reiki'],
      tags: ['test'],
      source: 'https://example.org/reiki',
      last_reviewed: '2025-03-01',
    });
    expect(page?.sections).toEqual([
      { key: 'overview', heading: 'Overview', text: 'First line.\nSecond line.\n\nNew paragraph.' },
      { key: 'legality', heading: 'Legality', text: 'Legal.' },
    ]);
    expect(page?.lines).toEqual({ title: 2, slug: 3, aliases: [5] });
  });

  it('names the file, line and field of each front matter error', () => {
    const text = pageText({
      slug: 'Bad Slug',
      title: 'T'.repeat(101),
      summary: 'S'.repeat(101),
      extraFront: 'source: not a url\ncolour: blue\n',
    }).replace('2025-03-01', '2025-02-30');
    expect(errorsOf(text)).toEqual([
      'p.md:2: title: must be at most 100 characters (is 101)',
      'p.md:3: slug: must be lowercase letters and digits joined by single hyphens',
      'p.md:4: summary: must be at most 100 characters (is 101)',
      'p.md:7: last_reviewed: must be a real date written YYYY-MM-DD',
      'p.md:8: source: must be an http(s) URL',
      expect.stringMatching(/^p\.md:9: colour: is not a known field/),
    ]);
  });

  it('refuses a source longer than the 512 characters Discord allows a link button, at its line', () => {
    const source = (length: number) => `source: https://example.org/${'a'.repeat(length - 20)}\n`;
    expect(errorsOf(pageText({ slug: 'p', extraFront: source(512) }))).toEqual([]);
    expect(errorsOf(pageText({ slug: 'p', extraFront: source(513) }))).toEqual([
      'p.md:8: source: must be at most 512 characters as a URL, spaces and letters outside ASCII %-encoded (is 513)',
    ]);
  });

  it('takes a source with spaces or letters outside ASCII as the URL Discord accepts, its limit counted encoded', () => {
    const page = (source: string) => parsePage('p.md', pageText({ slug: 'p', extraFront: `source: ${source}\n` }));
    expect(page('https://Example.org/Ketamine Therapy/psicodélicos').page?.meta.source).toBe(
      'https://example.org/Ketamine%20Therapy/psicod%C3%A9licos',
    );
    // 480 characters as typed, 560 encoded: the button would be refused.
    expect(errorsOf(pageText({ slug: 'p', extraFront: `source: https://example.org/${'é'.repeat(460)}\n` }))).toEqual([
      'p.md:8: source: must be at most 512 characters as a URL, spaces and letters outside ASCII %-encoded (is 2780)',
    ]);
  });

  it('reports missing fields at the first line of the front matter', () => {
    expect(errorsOf('---\ntitle: Only a title\n---\n\n## Overview\n\nText.\n')).toEqual([
      'p.md:2: slug: is required (lowercase words joined by hyphens, same as the file name)',
      'p.md:2: summary: is required (text)',
      'p.md:2: last_reviewed: is required (YYYY-MM-DD)',
    ]);
  });

  it('reports YAML syntax errors and missing fences with their line', () => {
    expect(errorsOf('---\ntitle: a\nslug: [unclosed\n---\n## Overview\n\nx\n')[0]).toMatch(
      /^p\.md:[34]: front matter: /,
    );
    expect(errorsOf('---\ntitle: a\ntitle: b\n---\n')[0]).toMatch(/^p\.md:3: front matter: .*unique/i);
    expect(errorsOf('title: a\n')).toEqual([
      'p.md:1: front matter: the file must start with a --- line, then the fields, then another --- line',
    ]);
    expect(errorsOf('---\ntitle: a\n')).toEqual(['p.md:1: front matter: no closing --- line after the fields']);
  });

  it('reports each section problem at its line', () => {
    const text = pageText({
      slug: 'x',
      body: 'Stray text.\n\n## Overview\n\nText.\n\n## Benefits\n\nWrong name.\n\n## Advantages\n\n## Overview\n\nAgain.\n',
    });
    expect(errorsOf(text)).toEqual([
      'p.md:10: sections: text before the first ## heading (start each section with a heading such as ## Overview)',
      'p.md:16: sections: unknown heading "## Benefits" (the headings are: Overview, Advantages, Disadvantages, Legality, In short)',
      'p.md:20: sections: "## Advantages" is empty',
      'p.md:22: sections: "## Overview" appears twice (first at line 12)',
    ]);
  });

  it('refuses YAML aliases (an alias bomb among them) at their line instead of crashing', () => {
    const bomb = errorsOf(pageText({ slug: 'x', extraFront: ALIAS_BOMB }));
    expect(bomb).toEqual(
      [9, 10, 11].map(
        (line) => `p.md:${line}: front matter: YAML aliases (*${'abc'[line - 9]}) are not allowed: write the value out`,
      ),
    );
    expect(errorsOf(pageText({ slug: 'x', extraFront: 'source: *nowhere\n' }))).toEqual([
      'p.md:8: front matter: YAML aliases (*nowhere) are not allowed: write the value out',
    ]);
  });

  it('refuses a section longer than one Discord message can show, at its heading', () => {
    const ok = pageText({ slug: 'x', body: `## Overview\n\n${'a'.repeat(SECTION_MAX_CHARS)}\n` });
    expect(errorsOf(ok)).toEqual([]);
    const long = pageText({ slug: 'x', body: `## Overview\n\nx\n\n## Legality\n\n${'calm '.repeat(1201)}\n` });
    expect(errorsOf(long)).toEqual([
      `p.md:14: sections: "## Legality" is 6004 characters, at most ${SECTION_MAX_CHARS} (link the full text as the page's source)`,
    ]);
  });

  it('reads a heading with a long run of spaces in one pass', () => {
    // The heading pattern used to backtrack cubically here: 3,000 spaces held the checker for over half a minute.
    const text = pageText({ slug: 'x', body: `## Overview\n\nx\n\n## a${' '.repeat(3000)}b\n\ny\n` });
    expect(errorsOf(text)[0]).toMatch(/^p\.md:14: sections: unknown heading "## a {3000}b"/);
    expect(parsePage('p.md', pageText({ slug: 'x', body: '##Overview ##\n\nx\n' })).page?.sections).toHaveLength(1);
  });

  it('requires an Overview', () => {
    expect(errorsOf(pageText({ slug: 'x', body: '## Legality\n\nLegal.\n' }))).toEqual([
      'p.md:9: sections: the page has no "## Overview" section',
    ]);
  });
});

describe('validateContent', () => {
  it('accepts the real content directory', async () => {
    const result = await validateContent('content');
    expect(result.errors.map(formatContentError)).toEqual([]);
    expect(result.pages).toBeGreaterThanOrEqual(1);
  });

  it('reports duplicate names across pages after normalisation, and slugs that differ from the file name', async () => {
    const dir = tempContent([
      { slug: 'reiki', title: 'Reiki', aliases: ['Energy Healing'] },
      { slug: 'sound-bath', title: 'Sound Bath', aliases: ['énergy-healing', 'REIKI'] },
      ['other-name.md', pageText({ slug: 'mismatch' })],
    ]);
    const file = (slug: string) => join(dir, 'modalities', `${slug}.md`);
    const { pages, errors } = await validateContent(dir);
    expect(pages).toBe(2);
    expect(errors.map(formatContentError)).toEqual([
      `${file('other-name')}:3: slug: must match the file name ("other-name")`,
      `${file('sound-bath')}:5: aliases.0: "énergy-healing" is already a name of reiki (${file('reiki')}:5)`,
      `${file('sound-bath')}:6: aliases.1: "REIKI" is already a name of reiki (${file('reiki')}:3)`,
    ]);
  });

  it('reports an empty library and a missing healthcare note', async () => {
    const dir = tempContent([]);
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'healthcare-note.md'));
    const { errors } = await validateContent(dir);
    expect(errors.map((error) => `${error.field}: ${error.message}`)).toEqual([
      'pages: no page files (*.md) found',
      'healthcare note: file is missing',
    ]);
  });

  it('refuses symbolic links and oversized pages at line 1, without following or reading them', async () => {
    const dir = tempContent([{ slug: 'a' }]);
    const outside = join(tempDir(), 'b.md');
    writeFileSync(outside, pageText({ slug: 'b' }));
    symlinkSync(outside, join(dir, 'modalities', 'b.md'));
    writeFileSync(join(dir, 'modalities', 'c.md'), pageText({ slug: 'c' }).padEnd(PAGE_MAX_BYTES + 1, ' '));
    const note = join(dir, 'healthcare-note.md');
    writeFileSync(join(tempDir(), 'note.md'), 'Consult.');
    const { rmSync } = await import('node:fs');
    rmSync(note);
    symlinkSync(outside, note);
    const { pages, errors } = await validateContent(dir);
    expect(pages).toBe(1);
    expect(errors.map(formatContentError)).toEqual([
      `${join(dir, 'modalities', 'b.md')}:1: page: is a symbolic link, which is not followed: put the file itself here`,
      `${join(dir, 'modalities', 'c.md')}:1: page: is ${PAGE_MAX_BYTES + 1} bytes, at most ${PAGE_MAX_BYTES}`,
      `${note}:1: healthcare note: is a symbolic link, which is not followed: put the file itself here`,
    ]);
  });

  it('ignores hidden names (an editor’s lock link and swap file), and still refuses a link named like a page', async () => {
    const dir = tempContent([{ slug: 'a' }]);
    const page = (name: string) => join(dir, 'modalities', name);
    // Emacs locks a file being edited with a dangling link named .#<file>, which restarted bots refused to load.
    symlinkSync('editor@host.4242:1700000000', page('.#a.md'));
    writeFileSync(page('.a.md.swp'), 'not a page');
    writeFileSync(page('.draft.md'), pageText({ slug: 'draft', title: '' }));
    await expect(validateContent(dir)).resolves.toEqual({ pages: 1, errors: [] });
    await expect(loadLibrary({ db: openDatabase(':memory:'), contentDir: dir })).resolves.toBeDefined();

    symlinkSync(page('a.md'), page('x.md'));
    expect((await validateContent(dir)).errors.map(formatContentError)).toEqual([
      `${page('x.md')}:1: page: is a symbolic link, which is not followed: put the file itself here`,
    ]);
  });

  it('makes loadLibrary refuse to start, listing every error', async () => {
    const dir = tempContent([
      { slug: 'a', summary: 'x'.repeat(120) },
      { slug: 'b', body: 'no heading\n' },
    ]);
    const db = openDatabase(':memory:');
    const failure = loadLibrary({ db, contentDir: dir });
    await expect(failure).rejects.toBeInstanceOf(StartupError);
    await expect(failure).rejects.toThrow(
      /a\.md:4: summary: must be at most 100[\s\S]*b\.md:10: sections: text before/,
    );
  });
});

// Each case starts a Node process with tsx, which takes a few seconds on a busy machine.
describe('content:check', { timeout: 30_000 }, () => {
  const run = promisify(execFile);
  const cli = (dir: string) => run(process.execPath, ['--import', 'tsx', 'src/library/check-cli.ts', dir]);

  it('prints "N pages OK" and exits 0 for valid content', async () => {
    const dir = tempContent([{ slug: 'a' }, { slug: 'b' }]);
    await expect(cli(dir)).resolves.toMatchObject({ stdout: '2 pages OK\n' });
  });

  it('prints path:line: field: message and exits 1 for invalid content', async () => {
    const dir = tempContent([{ slug: 'a', title: '' }]);
    await expect(cli(dir)).rejects.toMatchObject({
      code: 1,
      stderr: `${join(dir, 'modalities', 'a.md')}:2: title: is required (text)\n`,
    });
  });

  it('refuses a source too long for a link button', async () => {
    const dir = tempContent([{ slug: 'a', extraFront: `source: https://example.org/${'a'.repeat(600)}\n` }]);
    await expect(cli(dir)).rejects.toMatchObject({
      code: 1,
      stderr: `${join(dir, 'modalities', 'a.md')}:8: source: must be at most 512 characters as a URL, spaces and letters outside ASCII %-encoded (is 620)\n`,
    });
  });

  it('reports an alias bomb and a symbolic link as path:line, not as a crash', async () => {
    const dir = tempContent([{ slug: 'a', extraFront: ALIAS_BOMB }]);
    symlinkSync(join(dir, 'modalities', 'a.md'), join(dir, 'modalities', 'b.md'));
    const page = (name: string) => join(dir, 'modalities', name);
    await expect(cli(dir)).rejects.toMatchObject({
      code: 1,
      stderr: [
        `${page('b.md')}:1: page: is a symbolic link, which is not followed: put the file itself here`,
        ...['a', 'b', 'c'].map(
          (name, index) =>
            `${page('a.md')}:${9 + index}: front matter: YAML aliases (*${name}) are not allowed: write the value out`,
        ),
        '',
      ].join('\n'),
    });
  });
});
