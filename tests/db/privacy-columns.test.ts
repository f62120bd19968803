import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMigrations, type Migration } from '../../src/db/migrations.js';
import { type Db, openDatabase } from '../../src/db/open.js';

/**
 * Issue 13: PRIVACY.md names every column that can hold a member's id. A column "can hold a member id" when its name
 * looks like an id or a person: `id`, `*_id`, `*_ids`, `*_by`, or a name containing user, member, holder, author,
 * owner, recipient, facilitator, moderator, requester, attendee, participant or who. Each such column is either
 * named in PRIVACY.md as `table.column` or listed below, with the reason it never holds a member's id; a new one
 * fails this test until someone decides which.
 */
const ID_LIKE =
  /^id$|_ids?$|_by$|user|member|holder|author|owner|recipient|facilitator|moderator|requester|attendee|participant|who/i;

const ROW = "the bot's own row number";
const SERVER = 'a server (guild) id';
const CHANNEL = 'a channel id';
const PROCESS = 'a bot process (host:pid:random), the scheduler lease holder';

/** Id-like columns that never hold a member's id, with why. */
const NOT_MEMBER_IDS: Record<string, string> = {
  'discussions.id': ROW,
  'discussions.series_id': ROW,
  'discussions.guild_id': SERVER,
  'discussions.location_channel_id': CHANNEL,
  'discussions.channel_id': CHANNEL,
  'discussions.message_id': 'the announcement message',
  'discussions.scheduled_event_id': 'the Discord scheduled event mirroring the discussion',
  'series.id': ROW,
  'series.guild_id': SERVER,
  'series.location_channel_id': CHANNEL,
  'series.channel_id': CHANNEL,
  'guild_settings.guild_id': SERVER,
  'guild_settings.announcement_channel_id': CHANNEL,
  'guild_settings.moderator_role_id': 'a role id',
  'guild_settings.ping_role_id': 'a role id',
  'member_reminder_prefs.guild_id': SERVER,
  'topic_interest.guild_id': SERVER,
  'rsvps.discussion_id': ROW,
  'rsvp_counts.discussion_id': ROW,
  'questions.id': ROW,
  'questions.discussion_id': ROW,
  'scheduled_work.discussion_id': ROW,
  'scheduled_work.claimed_by': PROCESS,
  'work_recipients.discussion_id': ROW,
  'mentions_owed.discussion_id': ROW,
  'promotion_notices.discussion_id': ROW,
  'promotion_notices.taken_by': 'one send of notices (a random id per batch)',
  'manual_reminders.id': ROW,
  'manual_reminders.discussion_id': ROW,
  'manual_reminders.holder': PROCESS,
  'manual_reminder_recipients.reminder_id': ROW,
  'scheduler_lease.holder': PROCESS,
  'library_sections.id': ROW,
  'library_champions.id': `${ROW} (a library section)`,
  'library_list_bounds.tie_id': `${ROW} (a library section)`,
  'library_fts_data.id': "FTS5's own storage of the library index",
  'library_fts_docsize.id': "FTS5's own storage of the library index",
};

const privacyText = () => readFileSync(new URL('../../PRIVACY.md', import.meta.url), 'utf8');

/** Every `table.column` of every table (FTS5's shadow tables included), after the migrations. */
function columns(db: Db): string[] {
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all();
  return tables.flatMap(({ name }) =>
    db
      .prepare<[string], { name: string }>('SELECT name FROM pragma_table_xinfo(?)')
      .all(name)
      .map((column) => `${name}.${column.name}`),
  );
}

/** The columns PRIVACY.md names, written `table.column` in code spans. */
function named(text: string): Set<string> {
  return new Set([...text.matchAll(/`([a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)`/g)].map((match) => match[1] as string));
}

/** Id-like columns neither named in PRIVACY.md nor known not to hold a member's id. */
function undecided(db: Db, text: string): string[] {
  const documented = named(text);
  return columns(db).filter(
    (column) => ID_LIKE.test(column.split('.')[1] ?? '') && !documented.has(column) && !(column in NOT_MEMBER_IDS),
  );
}

function withMigrations(extra: Migration[] = []): Db {
  const migrations = loadMigrations();
  const next = (migrations.at(-1)?.version ?? 0) + 1;
  return openDatabase(':memory:', [
    ...migrations,
    ...extra.map((migration, index) => ({ ...migration, version: next + index })),
  ]);
}

describe('PRIVACY.md and the columns that can hold a member id', () => {
  it('names every such column of the schema after all migrations, or it is listed here as no member’s', () => {
    const db = withMigrations();
    const left = undecided(db, privacyText());
    db.close();
    expect(
      left,
      'name each in PRIVACY.md (what, why, who sees it, how long), or add it to NOT_MEMBER_IDS with why',
    ).toEqual([]);
  });

  it('names only columns that exist, and lists only id-like columns that exist', () => {
    const db = withMigrations();
    const all = new Set(columns(db));
    db.close();
    expect([...named(privacyText())].filter((column) => !all.has(column))).toEqual([]);
    const listed = Object.keys(NOT_MEMBER_IDS);
    expect(listed.filter((column) => !all.has(column) || !ID_LIKE.test(column.split('.')[1] ?? ''))).toEqual([]);
  });

  it('fails when a migration adds a column that can hold a member id and PRIVACY.md does not name it', () => {
    const db = withMigrations([
      {
        version: 0,
        name: 'test-only-invitations',
        sql: `ALTER TABLE rsvps ADD COLUMN invited_by TEXT;
              CREATE TABLE invitations (id INTEGER PRIMARY KEY, guild_id TEXT NOT NULL, recipient TEXT NOT NULL) STRICT;`,
      },
    ]);
    const left = undecided(db, privacyText());
    db.close();
    expect(left).toEqual(['rsvps.invited_by', 'invitations.id', 'invitations.guild_id', 'invitations.recipient']);
    // Named in PRIVACY.md, they pass.
    const again = withMigrations([
      { version: 0, name: 'test-only-invited-by', sql: 'ALTER TABLE rsvps ADD COLUMN invited_by TEXT;' },
    ]);
    expect(undecided(again, `${privacyText()}\n| \`rsvps.invited_by\` | who invited them |`)).toEqual([]);
    again.close();
  });
});
