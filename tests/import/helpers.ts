import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runImport } from '../../scripts/content-import/run.js';
import { PROJECT_ROOT, TSX_LOADER } from '../support/processes.js';

export const SHARED_EXPORT = '/work/shared/library/ketamine-therapy.txt';
/** A copy of the shared export, for machines without shared/ beside the project. */
export const EXPORT_COPY = join(PROJECT_ROOT, 'tests/library/fixtures/ketamine-therapy.txt');
export const HTML_EXPORT = join(PROJECT_ROOT, 'tests/fixtures/import/ketamine-therapy.html');
export const HAND_MADE = join(PROJECT_ROOT, 'content/modalities/ketamine-therapy.md');

/** The text after a page's front matter. */
export const bodyOf = (page: string) => page.slice(page.indexOf('\n---\n', 4) + 5);
export const handMadeBody = () => bodyOf(readFileSync(HAND_MADE, 'utf8'));

/** runImport in this process, with what it printed. */
export const importFile = (...args: string[]) => importWithEnv(process.env, ...args);

/** runImport with these environment variables (CONTENT_DIR names the folder the bot serves). */
export async function importWithEnv(env: NodeJS.ProcessEnv, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runImport(args, { log: (line) => out.push(line), error: (line) => err.push(line) }, env);
  return { code, out, err };
}

const run = promisify(execFile);

/** `npm run content:import` as a real process (the same command line, started without npm). */
export const importCli = (...args: string[]) =>
  run(process.execPath, ['--import', TSX_LOADER, join(PROJECT_ROOT, 'scripts/content-import/main.ts'), ...args]);

/** `npm run content:check` on a content folder, as a real process on the sources. */
export const contentCheck = (dir: string) =>
  run(process.execPath, ['--import', TSX_LOADER, join(PROJECT_ROOT, 'src/library/check-cli.ts'), dir]);
