import { openDatabase } from '../src/db/open.js';
import { loadLibrary } from '../src/library/index.js';

/**
 * Run as its own process by the library benchmark: the resident memory of a bot process that has just loaded
 * (and checked) a large library whose index is already built, as after a restart. Prints the figure in MB.
 */
const [contentDir, databasePath] = process.argv.slice(2);
if (!contentDir || !databasePath) throw new Error('usage: library-rss.ts <content dir> <database>');
const before = process.memoryUsage().rss;
const db = openDatabase(databasePath);
const library = await loadLibrary({ db, contentDir });
(globalThis as { gc?: () => void }).gc?.();
library.autocomplete('a');
library.search('the', 5);
const after = process.memoryUsage().rss;
console.log(JSON.stringify({ baseMb: Math.round(before / 1e6), loadedMb: Math.round(after / 1e6) }));
db.close();
