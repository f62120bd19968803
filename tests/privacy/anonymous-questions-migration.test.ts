import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/db/migrations.js';
import { migrate, openDatabase } from '../../src/db/open.js';

const migrations = loadMigrations();
const index = migrations.findIndex((m) => m.name === 'anonymous-questions-store-no-author');

describe("the migration that drops anonymous questions' authors", () => {
  it('keeps every question, named ones with their author, anonymous ones with none', () => {
    expect(index).toBeGreaterThan(0);
    const db = openDatabase(':memory:', migrations.slice(0, index));
    db.exec(`
      INSERT INTO discussions (id, guild_id, title, starts_at, timezone, duration_minutes, channel_id, created_by,
        created_at, updated_at) VALUES (1, 'g', 't', 0, 'UTC', 60, 'c', 'moderator', 0, 0);
      INSERT INTO questions (id, discussion_id, user_id, anonymous, text, asked_at) VALUES
        (1, 1, 'named-asker', 0, 'Named?', 10), (2, 1, 'hidden-asker', 1, 'Hidden?', 20);
    `);
    migrate(db, migrations);
    expect(db.prepare('SELECT id, user_id, anonymous, text, asked_at FROM questions ORDER BY id').all()).toEqual([
      { id: 1, user_id: 'named-asker', anonymous: 0, text: 'Named?', asked_at: 10 },
      { id: 2, user_id: null, anonymous: 1, text: 'Hidden?', asked_at: 20 },
    ]);
    // The old table's pages are freed, and nothing of it is left to name the anonymous asker.
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).not.toContain('questions_old');
    // Questions still go with their discussion.
    db.prepare('DELETE FROM discussions WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) AS n FROM questions').get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses an anonymous question with an author, or a named one without', () => {
    const db = openDatabase(':memory:');
    db.exec(`INSERT INTO discussions (id, guild_id, title, starts_at, timezone, duration_minutes, channel_id,
      created_by, created_at, updated_at) VALUES (1, 'g', 't', 0, 'UTC', 60, 'c', 'moderator', 0, 0);`);
    const insert = db.prepare(
      'INSERT INTO questions (discussion_id, user_id, anonymous, text, asked_at) VALUES (1, ?, ?, ?, 0)',
    );
    expect(() => insert.run('someone', 1, 'Hidden?')).toThrow(/CHECK constraint/);
    expect(() => insert.run(null, 0, 'Named?')).toThrow(/CHECK constraint/);
    db.close();
  });
});
