import { closeSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../core/log.js';
import { backupDatabase } from './backup.js';
import type { Db } from './open.js';

export interface NightlyBackupOptions {
  db: Db;
  dir: string;
  /** How many of its own backups to keep, newest first. */
  keep: number;
  /** HH:MM in `timezone`. */
  at: string;
  timezone: string;
  logger: Logger;
  /** Only the scheduler's lease holder writes: one backup a night however many processes share the file. */
  holdsLease: () => boolean;
  now?: () => Date;
  /** false schedules nothing: the caller runs `run()` (tests). */
  cron?: boolean;
}

/** What happened so far, for whoever counts it (metrics read these; a restart starts them at zero). */
export interface BackupCounts {
  written: number;
  failed: number;
  /** Epoch ms of the last backup written, or of the last failure. */
  lastWrittenAt?: number;
  lastFailedAt?: number;
}

export type BackupOutcome = 'written' | 'failed' | 'not-lease-holder';

export interface NightlyBackups {
  readonly counts: Readonly<BackupCounts>;
  /** One backup now (if this process holds the lease), then the oldest beyond `keep` removed. Never throws. */
  run(): Promise<BackupOutcome>;
  /** The hour-later firing: a backup unless one of its own was written in the last 23 hours. */
  catchUp(): Promise<BackupOutcome | 'not-due'>;
  /** When node-cron runs the next one (null without a schedule). */
  nextRun(): Date | null;
  /** Stops the schedule; a backup in progress is abandoned and its partial file removed. */
  stop(): Promise<void>;
}

/** Names that sort by date: bot-20260131T033000Z.sqlite for DATABASE_PATH data/bot.sqlite. */
export function backupName(databasePath: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stem(databasePath)}-${stamp}.sqlite`;
}

/** A backup this recent means tonight's was taken: the catch-up an hour after BACKUP_AT leaves it be. */
const CAUGHT_UP_MS = 23 * 3_600_000;

/** How long a partial copy must lie untouched before it counts as abandoned. */
const ABANDONED_MS = 12 * 3_600_000;

const stem = (databasePath: string) => basename(databasePath, extname(databasePath));
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function startNightlyBackups(options: NightlyBackupOptions): NightlyBackups {
  const { db, dir, keep, logger, holdsLease } = options;
  const now = options.now ?? (() => new Date());
  const ours = new RegExp(`^${escapeRegExp(stem(db.name))}-\\d{8}T\\d{6}Z\\.sqlite$`);
  // The partial copies backupDatabase names for those files (and SQLite's companions of them).
  const partials = new RegExp(
    `^\\.${escapeRegExp(stem(db.name))}-\\d{8}T\\d{6}Z\\.sqlite\\.[0-9a-f]{8}\\.partial(-wal|-shm|-journal)?$`,
  );
  const counts: BackupCounts = { written: 0, failed: 0 };
  let stopping = false;
  let running: Promise<BackupOutcome> | undefined;

  const problem = folderProblem(dir);
  if (problem) logger.warn(`BACKUP_DIR ${problem}: nightly backups will fail until it is fixed; the bot keeps serving`);

  async function backUp(): Promise<BackupOutcome> {
    if (!holdsLease()) return 'not-lease-holder';
    removeAbandoned();
    try {
      const result = await backupDatabase(db, join(dir, backupName(db.name, now())), {
        onProgress: () => {
          if (stopping) throw new Error('the bot is stopping');
        },
      });
      counts.written++;
      counts.lastWrittenAt = now().getTime();
      logger.info({ path: result.path, bytes: result.bytes, ms: Math.round(result.ms) }, 'nightly backup written');
    } catch (error) {
      counts.failed++;
      counts.lastFailedAt = now().getTime();
      logger.error(`nightly backup failed: ${(error as Error).message}`);
      return 'failed';
    }
    removeOldest();
    return 'written';
  }

  /** Only files this schedule names; anything else in the folder is the operator's. */
  function removeOldest(): void {
    try {
      const own = readdirSync(dir)
        .filter((name) => ours.test(name))
        .sort()
        .reverse();
      for (const name of own.slice(keep)) rmSync(join(dir, name), { force: true });
    } catch (error) {
      logger.warn(`could not remove old backups in ${dir}: ${(error as Error).message}`);
    }
  }

  /**
   * Partial copies left by a process killed mid-backup, once untouched for ABANDONED_MS (by the files' own clock),
   * which no backup in progress comes near (one of 14.5 MB takes a quarter of a second) and last night's abandoned
   * copy is past. Before each backup, so that copies killed night after night cannot fill the disk the next needs.
   */
  function removeAbandoned(): void {
    try {
      for (const name of readdirSync(dir).filter((each) => partials.test(each))) {
        const path = join(dir, name);
        const modified = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
        if (modified !== undefined && Date.now() - modified >= ABANDONED_MS) rmSync(path, { force: true });
      }
    } catch (error) {
      logger.warn(`could not remove abandoned partial backups in ${dir}: ${(error as Error).message}`);
    }
  }

  function run(): Promise<BackupOutcome> {
    if (stopping) return Promise.resolve('failed');
    running ??= backUp().finally(() => {
      running = undefined;
    });
    return running;
  }

  /** When the newest backup this schedule named was taken, from its name (any process's, any run's). */
  function newestTakenAt(): number | undefined {
    try {
      const newest = readdirSync(dir)
        .filter((name) => ours.test(name))
        .sort()
        .at(-1);
      const iso = newest?.replace(/^.*-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.sqlite$/, '$1-$2-$3T$4:$5:$6Z');
      return iso ? Date.parse(iso) : undefined;
    } catch {
      return undefined;
    }
  }

  async function catchUp(): Promise<BackupOutcome | 'not-due'> {
    const taken = newestTakenAt();
    if (taken !== undefined && now().getTime() - taken < CAUGHT_UP_MS) return 'not-due';
    return run();
  }

  const tasks: ScheduledTask[] = [];
  if (options.cron !== false) {
    const [hour = 0, minute = 0] = options.at.split(':').map(Number);
    const log = logger.child({ component: 'node-cron' });
    const common = {
      timezone: options.timezone,
      noOverlap: true,
      logger: {
        info: (message: string) => log.debug(message),
        warn: (message: string) => log.warn(message),
        error: (message: string | Error) => log.error(String(message)),
        debug: (message: string | Error) => log.debug(String(message)),
      },
    };
    tasks.push(cron.schedule(`${minute} ${hour} * * *`, () => void run(), { ...common, name: 'nightly-backup' }));
    // node-cron never fires at a time a DST change skips (03:30 on the night Kyiv, Helsinki or Athens springs
    // forward), and drops a firing it is late for; an hour later, a night without a backup gets one.
    tasks.push(
      cron.schedule(`${minute} ${(hour + 1) % 24} * * *`, () => void catchUp(), {
        ...common,
        name: 'nightly-backup-catch-up',
      }),
    );
  }

  return {
    counts,
    run,
    catchUp,
    nextRun: () => tasks[0]?.getNextRun() ?? null,
    async stop() {
      stopping = true;
      for (const task of tasks) await task.destroy();
      await running;
    },
  };
}

/** Missing, not a folder or refusing files: said once at start, so the operator hears of it before the first night. */
function folderProblem(dir: string): string | undefined {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(dir, { throwIfNoEntry: false });
  } catch (error) {
    // throwIfNoEntry covers ENOENT only: a path through a file (ENOTDIR) or a folder the bot may not enter (EACCES)
    // still throws, and at start that stopped the bot after its scheduler had claimed due work.
    return `${dir} cannot be reached (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  if (!stat) return `${dir} does not exist`;
  if (!stat.isDirectory()) return `${dir} is not a folder`;
  const probe = join(dir, `.write-check-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w'));
    rmSync(probe, { force: true });
  } catch (error) {
    return `${dir} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  return undefined;
}
