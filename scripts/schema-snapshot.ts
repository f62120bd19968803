import { dirname, join } from 'node:path';
import { migrationsFolder } from '../src/db/migrations.js';
import type { Db } from '../src/db/open.js';

/** The checked-in snapshot of the schema after every migration, beside the migrations it is made from. */
export const schemaSnapshotPath = () => join(dirname(migrationsFolder()), 'schema.sql');

export const REGENERATE_SCHEMA = 'npm run db:schema';

const KIND_ORDER: Record<string, number> = { table: 0, index: 1, trigger: 2, view: 3 };

/**
 * The schema of a migrated database as readable text: each table followed by its indexes and triggers, by name, each
 * statement dedented. FTS5's shadow tables are left out: SQLite makes them, and their text changes with its version.
 */
export function dumpSchema(db: Db): string {
  const shadow = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_list WHERE type = 'shadow'")
      .all()
      .map((row) => row.name),
  );
  const rows = db
    .prepare<[], { type: string; name: string; tbl_name: string; sql: string }>(
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )
    .all()
    .filter((row) => !shadow.has(row.name))
    .sort(
      (a, b) =>
        compare(a.tbl_name, b.tbl_name) ||
        (KIND_ORDER[a.type] ?? 9) - (KIND_ORDER[b.type] ?? 9) ||
        compare(a.name, b.name),
    );
  const version = db.pragma('user_version', { simple: true }) as number;
  const header = [
    `-- The schema after every migration in src/db/migrations (user_version ${version}), read from sqlite_master:`,
    '-- each table followed by its indexes and triggers. Do not edit: a test compares it with the migrations,',
    `-- and \`${REGENERATE_SCHEMA}\` writes it again.`,
  ];
  return `${[header.join('\n'), ...rows.map((row) => `${dedent(row.sql)};`)].join('\n\n')}\n`;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** SQLite keeps a statement's text as written: lines after the first keep the migration's indentation. */
function dedent(sql: string): string {
  const [first = '', ...rest] = sql
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
  const indent = Math.min(...rest.map((line) => line.length - line.trimStart().length));
  return [first.trim(), ...rest.map((line) => line.slice(indent))].join('\n');
}
