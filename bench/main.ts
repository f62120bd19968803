import { parseArgs } from 'node:util';
import { benchBackup } from './backup.bench.js';
import { benchLibrary } from './library.bench.js';
import { benchLibraryReload } from './library-reload.bench.js';
import { benchModality } from './modality.bench.js';
import { benchReminders } from './reminders.bench.js';
import { benchRsvp } from './rsvp.bench.js';
import { benchShards } from './shards.bench.js';
import { benchStartup } from './startup.bench.js';

/**
 * `npm run bench [-- --pages 10000 --words 3000 --rounds 5]`. Each figure that depends on the machine is reported
 * next to a floor measured in the same run, because these machines are shared and noisy.
 */
const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '10000' },
    words: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '5' },
    only: { type: 'string' },
  },
});

const sections: [string, () => Promise<Record<string, number | string>>][] = [
  [
    `Library at ${values.pages} pages × ${values.words} words`,
    () => benchLibrary({ pages: Number(values.pages), words: Number(values.words) }),
  ],
  [
    `Library reload at ${values.pages} pages × ${values.words} words: one page changed while serving`,
    () => benchLibraryReload({ pages: Number(values.pages), words: Number(values.words) }),
  ],
  [
    '/modality through the emulator vs a bare discord.js client',
    () => benchModality({ processes: Number(values.rounds), blocks: 24, count: 250, warmup: 500 }),
  ],
  [
    'RSVP clicks through the emulator vs a bare discord.js client',
    () => benchRsvp({ rounds: Number(values.rounds), clicks: 500, concurrency: 16 }),
  ],
  ['1,000 reminder DMs under Discord-like rate limits', () => benchReminders()],
  [
    'Online backup of a database with 100,000 RSVPs while /modality is served',
    () => benchBackup({ rounds: Number(values.rounds), rsvps: 100_000, count: 1_000, concurrency: 8 }),
  ],
  [
    'Start-up: the compiled build vs tsx, memory vs a process loading only discord.js and better-sqlite3',
    () => benchStartup({ rounds: Number(values.rounds) }),
  ],
  [
    'Shards: two shard processes vs one process, and memory per server (1, 100, 1,000 emulated servers)',
    () => benchShards({ rounds: Number(values.rounds) }),
  ],
];

for (const [title, run] of sections) {
  if (values.only && !title.toLowerCase().includes(values.only.toLowerCase())) continue;
  console.log(`\n${title}`);
  const figures = await run();
  for (const [name, value] of Object.entries(figures)) console.log(`  ${name.padEnd(52)} ${value}`);
}
process.exit(0);
