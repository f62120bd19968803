/** The project's root folder, for tests that start the bot or its scripts as real processes. */
export const PROJECT_ROOT = new URL('../..', import.meta.url).pathname;

/** tsx's ESM loader by path (as `npm run dev` uses it), so a process can start from any working folder. */
export const TSX_LOADER = new URL('../../node_modules/tsx/dist/esm/index.mjs', import.meta.url).href;
