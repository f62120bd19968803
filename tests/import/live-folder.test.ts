import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../library/helpers.js';
import { EXPORT_COPY, importWithEnv } from './helpers.js';

/** An export with a heading no section takes: a page that --force would write marked IMPORT TODO. */
function markedExport() {
  const dir = tempDir();
  const file = join(dir, 'ketamine-therapy.txt');
  const text = readFileSync(EXPORT_COPY, 'utf8').replace(
    'Disadvantages of Ketamine Therapy',
    'Dosage of Ketamine\n\nDoses vary.\n\nDisadvantages of Ketamine Therapy',
  );
  writeFileSync(file, text);
  return { dir, file };
}
const refusal = (contentDir: string) =>
  `--force writes a page marked IMPORT TODO, which a running bot refuses along with every other change to ${contentDir} until it is fixed: give --out <dir> outside ${contentDir}, and move the page in once content:check passes.`;

describe('--force never writes into the content folder a running bot serves', () => {
  it.each([
    ['without --out (the default, $CONTENT_DIR/modalities)', []],
    ['with --out $CONTENT_DIR/modalities', ['modalities']],
    ['with --out $CONTENT_DIR itself', ['.']],
    ['with --out a folder inside it, written another way', ['drafts/../modalities']],
  ])('%s: one line, nothing written, exit 1', async (_, outs) => {
    const { dir, file } = markedExport();
    const content = join(dir, 'content');
    mkdirSync(join(content, 'modalities'), { recursive: true });
    const out = outs.map((path) => join(content, path));
    const args = out.length ? ['--out', ...out] : [];
    const result = await importWithEnv({ CONTENT_DIR: content }, file, ...args, '--force');
    expect(result).toEqual({ code: 1, out: [], err: [refusal(content)] });
    expect(readdirSync(join(content, 'modalities'))).toEqual([]);
  });

  it('the default content folder, ./content, when $CONTENT_DIR is not set', async () => {
    // A file that does not exist: the refusal comes before the export is read, and nothing could be written anyway.
    const missing = join(tempDir(), 'missing.txt');
    expect(await importWithEnv({}, missing, '--force')).toEqual({ code: 1, out: [], err: [refusal('content')] });
    expect(await importWithEnv({}, missing, '--force', '--out', 'content/modalities')).toMatchObject({
      err: [refusal('content')],
    });
  });

  it('with --out a drafts folder, writes the marked page there; without --force the refusal says how', async () => {
    const { dir, file } = markedExport();
    const content = join(dir, 'content');
    const drafts = join(dir, 'drafts');
    const plain = await importWithEnv({ CONTENT_DIR: content }, file);
    expect(plain.code).toBe(1);
    expect(plain.err.at(-1)).toBe(
      `Nothing written: fix the export, or run again with --force --out <a drafts folder> to write the page there with these parts marked IMPORT TODO, and move it into ${join(content, 'modalities')} once content:check passes.`,
    );
    expect(existsSync(content)).toBe(false);

    const forced = await importWithEnv({ CONTENT_DIR: content }, file, '--force', '--out', drafts);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(drafts, 'ketamine-therapy.md'), 'utf8')).toContain('## Dosage of Ketamine');
    expect(existsSync(content)).toBe(false);
  });
});
