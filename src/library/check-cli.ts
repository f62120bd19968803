import { validateContent } from './load-content.js';
import { formatContentError } from './types.js';

// Same loader as at bot start, so CI reports exactly what would stop the bot.
const dir = process.argv[2] ?? process.env.CONTENT_DIR ?? 'content';
const { pages, errors } = await validateContent(dir);
if (errors.length) {
  for (const error of errors) console.error(formatContentError(error));
  process.exitCode = 1;
} else {
  console.log(`${pages} pages OK`);
}
