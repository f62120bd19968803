import { readEnvFile } from '../../src/core/config.js';
import { runImport } from './run.js';

/** `npm run content:import -- <file> [--out <dir>] [--force] [--overwrite]`: an editor's tool, never run by npm start. */
// CONTENT_DIR from .env too, as the bot reads it: the folder --force must not write into is the one it serves.
process.exitCode = await runImport(process.argv.slice(2), console, { ...readEnvFile(), ...process.env });
