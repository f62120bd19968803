import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { botEnvironment, IDS, startEmulator } from '@healing-library/discord-emulator';
import type { Deps } from '../commands/deps.js';
import { configSchema } from '../src/core/config.js';
import { createLogger } from '../src/core/log.js';
import { type BackupResult, backupDatabase, formatBytes } from '../src/db/backup.js';
import { built } from './built.js';
import { driveCommands, type LoadResult } from './interactions.js';
import { median, round } from './stats.js';

const modality = () => ({ name: 'modality', options: [{ name: 'name', value: 'ketamine' }] });

/** 100,000 RSVPs over 50 discussions of 2,000 members each, written in one transaction. */
function fillRsvps(deps: Deps, total: number): void {
  const { discussions, rsvps } = deps.firesides;
  const now = Date.now();
  const perDiscussion = 2_000;
  deps.db.transaction(() => {
    for (let d = 0; d * perDiscussion < total; d++) {
      const { id } = discussions.create({
        guildId: IDS.guild,
        title: `Fireside ${d}`,
        startsAt: now + (d + 1) * 86_400_000,
        timezone: 'UTC',
        durationMinutes: 60,
        channelId: IDS.announcements,
        createdBy: IDS.moderator,
        createdAt: now,
      });
      for (let m = 0; m < perDiscussion; m++)
        rsvps.set(id, String(600_000_000_000_000_000n + BigInt(m)), m % 5 ? 'going' : 'maybe', now);
    }
  })();
}

/**
 * An online backup of a database with 100,000 RSVPs while /modality is served, next to /modality without a backup in
 * the same run (alternating rounds, so both see the same machine load). During the measured rounds, backups run back
 * to back for as long as the commands do, so every latency counted was served while a backup was copying or checking.
 */
export async function benchBackup(options: { rounds: number; rsvps: number; count: number; concurrency: number }) {
  const { startApp } = await built<typeof import('../src/app.js')>('src/app.js');
  const emulator = await startEmulator({ callbackDeadlineMs: 0 });
  const folder = mkdtempSync(join(tmpdir(), 'healing-bench-'));
  const config = configSchema.parse({ ...botEnvironment(emulator), DATABASE_PATH: join(folder, 'bench.sqlite') });
  const app = await startApp({ config, logger: createLogger('silent') });
  const quiet: LoadResult[] = [];
  const during: LoadResult[] = [];
  const backups: BackupResult[] = [];
  let alone: BackupResult | undefined;
  let quickCheckMs = 0;
  try {
    fillRsvps(app.deps, options.rsvps);
    const checking = performance.now();
    app.deps.db.pragma('quick_check');
    quickCheckMs = performance.now() - checking;
    // A backup never replaces a file: each one gets a new name, and is removed once taken.
    let taken = 0;
    const backUp = async () => {
      const target = join(folder, `backup-${++taken}.sqlite`);
      const result = await backupDatabase(app.deps.db, target);
      rmSync(target);
      return result;
    };
    alone = await backUp();
    for (let round = 0; round < options.rounds; round++) {
      quiet.push(await driveCommands(emulator, options.count, options.concurrency, modality));
      let serving = true;
      const backingUp = (async () => {
        while (serving) backups.push(await backUp());
      })();
      during.push(await driveCommands(emulator, options.count, options.concurrency, modality));
      serving = false;
      await backingUp;
    }
  } finally {
    await app.stop();
    await emulator.close();
    rmSync(folder, { recursive: true, force: true });
  }
  const p99Quiet = median(quiet.map((r) => r.p99Ms));
  const p99During = median(during.map((r) => r.p99Ms));
  return {
    'database size': formatBytes(alone.bytes),
    'quick_check (run at every start) ms': round(quickCheckMs, 0),
    'backup alone: ms (of which integrity_check)': `${round(alone.ms, 0)} (${round(alone.checkMs, 0)})`,
    'backup while serving /modality: median ms (check)': `${round(median(backups.map((b) => b.ms)), 0)} (${round(median(backups.map((b) => b.checkMs)), 0)})`,
    'backups taken while serving': backups.length,
    '/modality p50 ms without / with backups': `${round(median(quiet.map((r) => r.p50Ms)))} / ${round(median(during.map((r) => r.p50Ms)))}`,
    '/modality p99 ms without a backup': round(p99Quiet),
    '/modality p99 ms while backups run (target < 50)': round(p99During),
    '/modality interactions/s without / with backups': `${round(median(quiet.map((r) => r.perSecond)), 0)} / ${round(median(during.map((r) => r.perSecond)), 0)}`,
  };
}
