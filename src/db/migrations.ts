import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Numbered migrations, one SQL file each in src/db/migrations: `NNN-what-it-does.sql` brings the schema from
 * user_version NNN-1 to NNN. Append only; never edit a file that has shipped. The shipped files keep the exact text
 * their statements first ran with, indentation included: SQLite stores a CREATE statement's text as written, so old
 * and new databases keep the same sqlite_master.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const FILE_NAME = /^(\d{3})-([a-z0-9-]+)\.sql$/;

/**
 * The files are read from the project's own src/db/migrations, found from this module's place, whether it runs
 * under tsx from src/db or compiled into dist/ (tsc copies no .sql files): no copy step in the build to keep in step.
 */
export function migrationsFolder(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, 'src', 'db', 'migrations');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`No src/db/migrations folder above ${fileURLToPath(import.meta.url)}`);
    folder = parent;
  }
}

/** Reads every migration, refusing a misnamed file or a gap in the numbering rather than skipping a step. */
export function loadMigrations(folder: string = migrationsFolder()): Migration[] {
  const files = readdirSync(folder)
    .filter((file) => file.endsWith('.sql'))
    .sort();
  return files.map((file, index) => {
    const match = FILE_NAME.exec(file);
    if (!match?.[1] || !match[2]) throw new Error(`${join(folder, file)}: a migration is named NNN-what-it-does.sql`);
    const version = Number(match[1]);
    if (version !== index + 1) throw new Error(`${join(folder, file)}: expected migration ${index + 1} here`);
    return { version, name: match[2], sql: readFileSync(join(folder, file), 'utf8') };
  });
}
