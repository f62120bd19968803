import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url);
/** Set for the processes a bench starts after building: they measure the same build, without building again. */
export const BUILT_ENV = 'HEALING_BENCH_BUILT';
let isBuilt = process.env[BUILT_ENV] === '1';

/** `npm run build`, once a bench run, so what is measured is the code as it is now. */
export function buildOnce(): void {
  if (isBuilt) return;
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0 || !existsSync(new URL('dist/bot/main.js', root)))
    throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
  isBuilt = true;
}

/**
 * A module of the bot as compiled for `npm start`: tsc's output in dist/ (which the build then links for the two
 * process entries; a module is the same code, linked or not), typed by the source it was built from
 * (`built<typeof import('../src/app.js')>('src/app.js')`). The benchmarks run the bot this way rather than through
 * tsx, the dev loader they themselves run under: tsx keeps function names with a helper called every time a
 * function is made, which in a CPU profile of /modality cost the bot's hot path several microseconds an interaction
 * that production never pays. The floors take the same plumbing from here too.
 */
export async function built<T>(path: string): Promise<T> {
  buildOnce();
  return (await import(new URL(`dist/${path}`, root).href)) as T;
}
