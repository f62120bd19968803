import type { Db } from '../../src/db/open.js';

/** Every table whose rows hold `id` in some column, with how many such rows. */
export function tablesHolding(db: Db, id: string): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  const found: Record<string, number> = {};
  for (const { name } of tables) {
    const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
    const holding = rows.filter((row) =>
      Object.values(row).some((value) => value !== null && String(value).includes(id)),
    ).length;
    if (holding) found[name] = holding;
  }
  return found;
}
