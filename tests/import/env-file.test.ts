import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempContent, tempDir } from '../library/helpers.js';
import { PROJECT_ROOT, TSX_LOADER } from '../support/processes.js';
import { EXPORT_COPY, SHARED_EXPORT } from './helpers.js';

const TEXT_EXPORT = existsSync(SHARED_EXPORT) ? SHARED_EXPORT : EXPORT_COPY;
const run = promisify(execFile);

/** A working folder whose .env sets CONTENT_DIR, as an editor's checkout beside a running bot would. */
function folderWithEnv(contentDir: string): string {
  const cwd = tempDir();
  writeFileSync(join(cwd, '.env'), `CONTENT_DIR=${contentDir}\n`);
  return cwd;
}

/** An editor's tool as a real process started in `cwd`, with CONTENT_DIR only as `env` gives it. */
function tool(script: string, cwd: string, args: string[], env: Record<string, string> = {}) {
  const { CONTENT_DIR: _, ...inherited } = process.env;
  return run(process.execPath, ['--import', TSX_LOADER, join(PROJECT_ROOT, script), ...args], {
    cwd,
    env: { ...inherited, ...env },
  }).catch((error: { code: number; stdout: string; stderr: string }) => error);
}

// Each case starts Node processes with tsx, which takes a few seconds on a busy machine.
describe('the editors’ tools read CONTENT_DIR from .env, as the bot does', { timeout: 30_000 }, () => {
  it('content:check checks the folder .env names, and the environment still wins over .env', async () => {
    const served = tempContent([{ slug: 'a' }]);
    const cwd = folderWithEnv(served);
    expect(await tool('src/library/check-cli.ts', cwd, [])).toMatchObject({ stdout: '1 pages OK\n' });
    const other = tempContent([{ slug: 'a' }, { slug: 'b' }]);
    const fromEnvironment = await tool('src/library/check-cli.ts', cwd, [], { CONTENT_DIR: other });
    expect(fromEnvironment).toMatchObject({ stdout: '2 pages OK\n' });
  });

  it('content:import writes into the modalities folder .env names, and --force refuses to write there', async () => {
    const served = tempDir();
    mkdirSync(join(served, 'modalities'));
    const cwd = folderWithEnv(served);
    const page = join(served, 'modalities', 'ketamine-therapy.md');
    expect(await tool('scripts/content-import/main.ts', cwd, [TEXT_EXPORT])).toMatchObject({
      stdout: `Wrote ${page}. Fill in what it marks IMPORT TODO, then run npm run content:check.\n`,
    });
    expect(existsSync(page)).toBe(true);
    expect(existsSync(join(cwd, 'content'))).toBe(false);

    const forced = await tool('scripts/content-import/main.ts', cwd, [
      join(cwd, 'missing.txt'),
      '--force',
      '--out',
      join(served, 'modalities'),
    ]);
    expect(forced).toMatchObject({ code: 1, stdout: '' });
    expect(forced.stderr).toContain('--force writes a page marked IMPORT TODO, which a running bot refuses');
    expect(forced.stderr).toContain(`give --out <dir> outside ${served}`);
  });
});
