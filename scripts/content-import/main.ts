import { runImport } from './run.js';

/** `npm run content:import -- <file> [--out <dir>] [--force] [--overwrite]`: an editor's tool, never run by npm start. */
process.exitCode = await runImport(process.argv.slice(2), console);
