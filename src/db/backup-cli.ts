import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { databasePath, readEnvFile } from '../core/config.js';
import { BackupError, backupDatabase, formatBytes } from './backup.js';

/**
 * `npm run backup -- <file>`: a consistent copy of the database at DATABASE_PATH, taken while the bot runs.
 * Every refusal is one line and exit code 1; nothing half-written is left behind.
 */
async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target || process.argv.length > 3) throw new BackupError('Usage: npm run backup -- <file to write>');
  const source = resolve(databasePath({ ...readEnvFile(), ...process.env }));
  if (!existsSync(source)) throw new BackupError(`No database at ${source}: nothing to back up (check DATABASE_PATH).`);
  let db: Database.Database;
  try {
    // Read-write (a read-only connection cannot join a WAL file whose -shm is missing), yet nothing is written.
    db = new Database(source, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.pragma('schema_version');
  } catch (error) {
    throw new BackupError(`Cannot read the database at ${source}: ${(error as Error).message} (check DATABASE_PATH).`);
  }
  try {
    // Larger steps than inside the bot: this process serves nobody, and fewer steps mean fewer restarts.
    const { path, bytes } = await backupDatabase(db, target, { pagesPerStep: 4096 });
    console.log(`Backup written: ${path} (${formatBytes(bytes)})`);
  } finally {
    db.close();
  }
}

main().catch((error) => {
  console.error(error instanceof BackupError ? error.message : `The backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
