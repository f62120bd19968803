import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StartupError } from '../core/errors.js';
import { loadMigrations, type Migration } from './migrations.js';

export type Db = Database.Database;

/** Opens (creating the folder when needed) and migrates the database: WAL, synchronous=FULL, foreign keys on. */
export function openDatabase(path: string, migrations: readonly Migration[] = loadMigrations()): Db {
  let db: Db | undefined;
  try {
    if (path !== ':memory:') {
      // Members' data (who goes to which discussion on a health topic) is for the bot's account alone, as backups
      // are: a folder or file made here is not readable by other users (SQLite gives -wal and -shm the file's mode).
      // An existing one keeps the mode its operator chose.
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      closeSync(openSync(path, 'a', 0o600));
    }
    db = new Database(path);
    // Before anything writes: switching to WAL rewrites the file's header, and a newer bot's file must stay as it was.
    refuseNewer(db, migrations);
    refuseDamaged(db);
    db.pragma('journal_mode = WAL');
  } catch (error) {
    db?.close();
    if (error instanceof StartupError) throw error;
    const { code, message } = error as { code?: string; message: string };
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw damaged(path, message);
    throw new StartupError(`Cannot open the database at ${path}: ${message} (check DATABASE_PATH)`);
  }
  db.pragma('foreign_keys = ON');
  // better-sqlite3 opens WAL files with synchronous=NORMAL, where a power cut can lose the last commits: a member
  // told "You're going" must stay going. FULL syncs every commit; group commits keep that cheap under bursts.
  db.pragma('synchronous = FULL');
  // Two bot processes may share one file (the scheduler lease decides who sends); wait rather than fail on a lock.
  db.pragma('busy_timeout = 5000');
  // What is deleted is overwritten with zeros, not left in free pages where whoever holds the file (or a backup of
  // it) could read it: an erased RSVP, a purged question, the author of an anonymous question (PRIVACY.md).
  db.pragma('secure_delete = ON');
  const before = db.pragma('user_version', { simple: true }) as number;
  migrate(db, migrations);
  // A file written before secure_delete was on may still hold deleted rows in its free pages: rewritten once.
  if (before > 0 && before < SECURE_DELETE_SINCE && path !== ':memory:') db.exec('VACUUM');
  return db;
}

/** The first schema version written with secure_delete on (migration 017 made anonymous questions authorless). */
const SECURE_DELETE_SINCE = 17;

/** Each migration runs in one transaction together with its user_version, so a failure leaves the previous version. */
export function migrate(db: Db, migrations: readonly Migration[]): void {
  refuseNewer(db, migrations);
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/**
 * A damaged file is refused before anything writes to it: the bot never serves, repairs or overwrites it, so what is
 * left can still be rescued (with sqlite3's .recover) or replaced by a backup. quick_check reads every page once.
 */
function refuseDamaged(db: Db): void {
  const problems = (db.pragma('quick_check', { simple: false }) as { quick_check: string }[]).map(
    (row) => row.quick_check,
  );
  if (problems.join() !== 'ok') throw damaged(db.name, problems.slice(0, 3).join('; ').replace(/\s+/g, ' '));
}

function damaged(path: string, problem: string): StartupError {
  return new StartupError(
    `The database at ${path} is damaged or is not a SQLite database (${problem}). It was left untouched: ` +
      'restore a backup (README, Operations) or set DATABASE_PATH to the right file.',
  );
}

/**
 * A file written by a newer version of the bot has tables this one does not know how to keep right: it is refused,
 * untouched, rather than served half-understood (going back needs that newer version or a backup).
 */
function refuseNewer(db: Db, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new StartupError(
      `The database at ${db.name} is at version ${current}, but this version of the bot knows versions up to ${newest}: ` +
        'it was written by a newer version of the bot. It was left untouched; run that newer version, ' +
        'or set DATABASE_PATH to another file.',
    );
  }
}
