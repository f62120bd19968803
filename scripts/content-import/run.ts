import { realpathSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { contentDir } from '../../src/core/config.js';
import { formatContentError, IMPORT_TODO, parsePage } from '../../src/library/index.js';
import { textBlocks } from './blocks.js';
import { htmlBlocks } from './html-blocks.js';
import { ExportError, readExport } from './read-export.js';
import { isLibraryPage, recognise } from './recognise.js';
import { renderPage, slugOf } from './render-page.js';

/** The marker as named in messages, without its colon. */
const MARK = IMPORT_TODO.replace(/:$/, '');

export const USAGE = 'usage: npm run content:import -- <file> [--out <dir>] [--force] [--overwrite]';

export interface Console {
  log(line: string): void;
  error(line: string): void;
}

interface Options {
  file: string;
  out: string;
  /** --out names a folder outside the content folder the bot serves. */
  drafts: boolean;
  force: boolean;
  overwrite: boolean;
}

/** `npm run content:import`: the exit code, after telling on `io` what was written or why nothing was. */
export async function runImport(args: string[], io: Console, env = process.env): Promise<number> {
  const options = parseArgs(args, contentDir(env));
  if (typeof options === 'string') {
    io.error(options);
    return 1;
  }
  const { file, out, drafts, force, overwrite } = options;
  let source: Awaited<ReturnType<typeof readExport>>;
  try {
    source = await readExport(file);
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    io.error(`${file}: ${error.message}`);
    return 1;
  }

  const page = recognise(source.html ? htmlBlocks(source.text) : textBlocks(source.text));
  if (!isLibraryPage(page)) {
    io.error(
      `${file}: is not a library page: no "Advantages of …", "Disadvantages of …", legality or closing part found`,
    );
    return 1;
  }
  const slug = slugOf(page.title ?? basename(file, extname(file)));
  if (!slug) {
    io.error(`${file}: no title, and no letters in the file name to name the page after`);
    return 1;
  }
  const target = join(out, `${slug}.md`);
  const text = renderPage(page, slug);
  // The page's own checks (lengths, limits) on what would be written, once every part has its place (until then they
  // would only repeat the problems); the placeholders are the editor's to fill.
  const lines = text.split('\n');
  const invalid = page.problems.length
    ? []
    : parsePage(target, text).errors.filter((error) => !lines[error.line - 1]?.includes(IMPORT_TODO));

  const problems = [
    ...page.problems.map((problem) => `${file}:${problem.line}: ${problem.message}`),
    ...invalid.map(formatContentError),
  ];
  for (const problem of problems) io.error(problem);
  if (problems.length && !force) {
    io.error(
      drafts
        ? `Nothing written: fix the export, or run again with --force to write ${target} with these parts marked ${MARK} (content:check refuses the page until they are dealt with).`
        : `Nothing written: fix the export, or run again with --force --out <a drafts folder> to write the page there with these parts marked ${MARK}, and move it into ${out} once content:check passes.`,
    );
    return 1;
  }

  try {
    await mkdir(out, { recursive: true });
    await writeFile(target, text, { flag: overwrite ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.error(
      code === 'EEXIST'
        ? `${target}: already exists, not overwritten (run again with --overwrite to replace it)`
        : `${target}: cannot be written (${code ?? (error as Error).message})`,
    );
    return 1;
  }
  const parts = problems.length === 1 ? 'part' : 'parts';
  const marked = problems.length ? `, with ${problems.length} ${parts} marked ${MARK}` : '';
  io.log(`Wrote ${target}${marked}. Fill in what it marks ${MARK}, then run npm run content:check.`);
  return 0;
}

function parseArgs(args: string[], contentDir: string): Options | string {
  let file: string | undefined;
  let out: string | undefined;
  let force = false;
  let overwrite = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--force') force = true;
    else if (arg === '--overwrite') overwrite = true;
    else if (arg === '--out') {
      const dir = args[++index];
      if (!dir) return `--out needs a folder. ${USAGE}`;
      out = dir;
    } else if (arg.startsWith('-')) return `unknown option ${arg}. ${USAGE}`;
    else if (file) return `one file at a time. ${USAGE}`;
    else file = arg;
  }
  if (!file) return USAGE;
  const drafts = out !== undefined && !within(contentDir, out);
  // A running bot serves the library only while every page in its folder passes content:check, so a marked page
  // there would hold back every other change until it is fixed.
  if (force && !drafts) {
    return `--force writes a page marked ${MARK}, which a running bot refuses along with every other change to ${contentDir} until it is fixed: give --out <dir> outside ${contentDir}, and move the page in once content:check passes.`;
  }
  return { file, out: out ?? join(contentDir, 'modalities'), drafts, force, overwrite };
}

/** Whether `dir` is `folder` or inside it, links followed as far as the folders exist. */
function within(folder: string, dir: string): boolean {
  const path = relative(realPath(folder), realPath(dir));
  return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}

function realPath(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realPath(parent), basename(absolute));
  }
}
