import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dumpSchema, REGENERATE_SCHEMA, schemaSnapshotPath } from '../../scripts/schema-snapshot.js';
import { loadMigrations } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open.js';

describe('src/db/schema.sql', () => {
  it('is the schema the migrations build', () => {
    const db = openDatabase(':memory:');
    const built = dumpSchema(db);
    db.close();
    expect(
      readFileSync(schemaSnapshotPath(), 'utf8'),
      `src/db/schema.sql differs from what src/db/migrations builds: run \`${REGENERATE_SCHEMA}\` and commit it`,
    ).toBe(built);
  });

  it('shows a migration missing from the snapshot', () => {
    const db = openDatabase(':memory:', loadMigrations().slice(0, -1));
    const built = dumpSchema(db);
    db.close();
    expect(readFileSync(schemaSnapshotPath(), 'utf8')).not.toBe(built);
  });
});
