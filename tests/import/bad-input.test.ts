import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_MAX_BYTES } from '../../scripts/content-import/read-export.js';
import { tempDir } from '../library/helpers.js';
import { importCli, importFile } from './helpers.js';

const BINARY =
  'is not a text file (binary, or not UTF-8): export the page as plain text, or save it from the browser as HTML';
const NOT_A_PAGE = 'is not a library page: no "Advantages of …", "Disadvantages of …", legality or closing part found';

describe('an export the importer refuses', () => {
  it.each([
    ['an empty file', 'empty.txt', '', 'is empty'],
    ['a file of blank lines', 'blank.txt', '\n  \n\t\n', 'is empty'],
    ['a binary file', 'photo.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), BINARY],
    ['text that is not UTF-8', 'latin1.txt', Buffer.from('Ketamine\n\nCaf\xe9 au lait.\n', 'latin1'), BINARY],
    [
      'a huge file',
      'huge.txt',
      'a'.repeat(EXPORT_MAX_BYTES + 1),
      `is ${EXPORT_MAX_BYTES + 1} bytes, more than 1 MB: an export of one page is a few KB`,
    ],
    ['a text that is not a library page', 'notes.txt', 'Shopping list\n\nMilk, eggs and bread.\n', NOT_A_PAGE],
    [
      'an HTML page that is not a library page',
      'home.html',
      '<!doctype html><title>Home</title><main><h1>Welcome</h1><p>Hello &amp; welcome.</p></main>',
      NOT_A_PAGE,
    ],
  ])('%s: one line, nothing written, exit 1', async (_, name, content, message) => {
    const dir = tempDir();
    const file = join(dir, name);
    writeFileSync(file, content);
    const out = join(dir, 'out');
    expect(await importFile(file, '--out', out)).toEqual({ code: 1, out: [], err: [`${file}: ${message}`] });
    expect(existsSync(out)).toBe(false);
  });

  it('a folder given as the file', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'page'));
    const result = await importFile(join(dir, 'page'), '--out', join(dir, 'out'));
    expect(result).toEqual({ code: 1, out: [], err: [`${join(dir, 'page')}: is a folder, not an export file`] });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a missing file, told by the command on one line with exit code 1', async () => {
    const dir = tempDir();
    const file = join(dir, 'missing.txt');
    const failure = await importCli(file, '--out', join(dir, 'out')).catch((error) => error);
    expect(failure).toMatchObject({ code: 1, stdout: '', stderr: `${file}: no such file\n` });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('no file, or an unknown option: the usage line', async () => {
    const usage = 'usage: npm run content:import -- <file> [--out <dir>] [--force] [--overwrite]';
    expect(await importFile()).toEqual({ code: 1, out: [], err: [usage] });
    expect(await importFile('a.txt', '--replace')).toEqual({
      code: 1,
      out: [],
      err: [`unknown option --replace. ${usage}`],
    });
    expect(await importFile('a.txt', '--out')).toEqual({ code: 1, out: [], err: [`--out needs a folder. ${usage}`] });
  });
});
