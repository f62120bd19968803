import { contentDir, readEnvFile } from '../core/config.js';
import { validateContent } from './load-content.js';
import { formatContentError } from './types.js';

// Same loader and folder as at bot start (.env included), so CI reports exactly what would stop the bot.
const dir = process.argv[2] ?? contentDir({ ...readEnvFile(), ...process.env });
const { pages, errors } = await validateContent(dir);
if (errors.length) {
  for (const error of errors) console.error(formatContentError(error));
  process.exitCode = 1;
} else {
  console.log(`${pages} pages OK`);
}
