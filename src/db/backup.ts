import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, realpathSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Db } from './open.js';

/** What an operator gave wrong or what the disk refused; its message is the one line `npm run backup` prints. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

export interface BackupOptions {
  /** Pages copied per step (default 64, 256 kB at 4 kB pages): between steps the event loop serves members. */
  pagesPerStep?: number;
  /** Called after each step; throwing stops the backup (and the partial copy is removed). */
  onProgress?: (progress: BackupProgress) => void;
}

export interface BackupResult {
  path: string;
  bytes: number;
  ms: number;
  /** Of which the integrity check of the copy (it holds the event loop: one pass over the copy). */
  checkMs: number;
}

/** The files SQLite keeps for a database: a backup written over any of them would destroy what it copies. */
const COMPANIONS = ['', '-wal', '-shm', '-journal'];

/**
 * Writes a consistent copy of the open database to `target` with SQLite's online backup, in steps, so the bot keeps
 * answering while it runs. The copy goes to a hidden file beside the target, is checked with `PRAGMA integrity_check`,
 * synced and only then renamed: `target` is either the old file or a whole, checked backup, never half of one.
 */
export async function backupDatabase(db: Db, target: string, options: BackupOptions = {}): Promise<BackupResult> {
  const started = performance.now();
  const path = resolve(target);
  const dir = dirname(path);
  checkFolder(dir, path);
  refuseLiveFile(db, path);
  // Never over an existing file: a mistyped target could be another bot's live database.
  if (existsSync(path))
    throw new BackupError(`${path} already exists: give a new file name (a backup never replaces a file)`);
  const partial = join(dir, `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    // Created here, owner-only: a backup holds members' data; and a refused folder is named plainly, not by SQLite.
    closeSync(openSync(partial, 'wx', 0o600));
  } catch (error) {
    throw new BackupError(`Cannot write in ${dir}: ${reason(error)}`);
  }
  let checkMs = 0;
  try {
    await copyInSteps(db, partial, options);
    const checking = performance.now();
    await checkCopy(partial);
    checkMs = performance.now() - checking;
    syncFile(partial);
    // A link, not a rename: it fails if a file took that name meanwhile, where a rename would replace it.
    linkSync(partial, path);
    rmSync(partial);
    syncFile(dir);
  } catch (error) {
    for (const suffix of COMPANIONS) rmSync(partial + suffix, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`The backup to ${path} failed and was removed: ${reason(error)}`);
  }
  return { path, bytes: statSync(path).size, ms: performance.now() - started, checkMs };
}

async function copyInSteps(db: Db, partial: string, options: BackupOptions): Promise<void> {
  let step = options.pagesPerStep ?? 64;
  let remaining = Number.POSITIVE_INFINITY;
  await db.backup(partial, {
    progress: (progress) => {
      options.onProgress?.(progress);
      // A write by another connection (another process) starts SQLite's copy over; growing steps make it finish
      // even under steady writes, at the cost of longer pauses. Writes through `db` itself are copied as they happen.
      if (progress.remainingPages > remaining) step *= 4;
      remaining = progress.remainingPages;
      return step;
    },
  });
}

/**
 * Checks the whole copy and makes it one self-contained file (restoring it is putting it in place). In a worker
 * thread: integrity_check reads every page, 0.3 s for 100,000 RSVPs, which would hold the bot's event loop.
 * Evaluated code rather than a file, so the same thing runs from dist/, under tsx and in the tests.
 */
function checkCopy(partial: string): Promise<void> {
  return new Promise((done, fail) => {
    const worker = new Worker(CHECK_COPY, { eval: true, workerData: { path: partial, sqlite: SQLITE_MODULE } });
    let problems: string[] | undefined;
    let failure: unknown;
    worker.once('message', (message: string[]) => {
      problems = message;
    });
    worker.once('error', (error) => {
      failure = error;
    });
    worker.once('exit', () => {
      if (!problems) fail(failure ?? new Error('the integrity check stopped without an answer'));
      else if (problems.join() === 'ok') done();
      else
        fail(
          new BackupError(
            `The copy failed its integrity check and was removed: ${problems.slice(0, 3).join('; ').replace(/\s+/g, ' ')}`,
          ),
        );
    });
  });
}

const SQLITE_MODULE = createRequire(import.meta.url).resolve('better-sqlite3');
const CHECK_COPY = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const copy = new Database(workerData.path, { fileMustExist: true });
try {
  copy.pragma('journal_mode = DELETE');
  parentPort.postMessage(copy.pragma('integrity_check').map((row) => row.integrity_check));
} finally {
  copy.close();
}
`;

function refuseLiveFile(db: Db, path: string): void {
  const live = resolve(db.name);
  const liveReal = realOrSelf(live);
  const targetReal = realOrSelf(path);
  for (const suffix of COMPANIONS) {
    const same =
      path === live + suffix || targetReal === liveReal + suffix || sameFile(path, live + suffix, liveReal + suffix);
    if (same)
      throw new BackupError(
        `${path} is the live database${suffix ? `'s ${suffix} file` : ''}: a backup needs another file name.`,
      );
  }
}

function checkFolder(dir: string, path: string): void {
  let folder: ReturnType<typeof statSync>;
  try {
    folder = statSync(dir);
  } catch {
    throw new BackupError(`The folder ${dir} does not exist: create it first, or give another path.`);
  }
  if (!folder.isDirectory()) throw new BackupError(`${dir} is not a folder: give a path inside a folder.`);
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new BackupError(`${path} is a folder: give a file name inside it.`);
}

/** The real path, or for a file not made yet, its folder's real path with its name (a symlinked folder counts). */
function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

/** Hard links and symlinks both land on the same inode. */
function sameFile(path: string, ...others: string[]): boolean {
  const target = statSync(path, { throwIfNoEntry: false });
  if (!target) return false;
  return others.some((other) => {
    const stat = statSync(other, { throwIfNoEntry: false });
    return stat !== undefined && stat.dev === target.dev && stat.ino === target.ino;
  });
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function reason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return 'the disk is full';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  return message;
}

/** 1.2 MB, 340 kB: the size an operator reads. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} kB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
