import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { createMentionsLedger, manualBatch, workBatch } from '../../src/scheduler/mentions-owed.js';

/**
 * The batch keys the scheduler writes (workBatch, manualBatch) and the keys migrations 10 and 11's triggers build to
 * clear a batch's debts must be the same strings: if either side changes alone, debts outlive their batch.
 */
describe('mentions owed: batch keys shared by the scheduler and the triggers', () => {
  function setUp() {
    const db = openDatabase(':memory:');
    db.exec(`
      INSERT INTO discussions (id, guild_id, title, starts_at, timezone, duration_minutes, channel_id, created_by,
        created_at, updated_at) VALUES (7, 'g', 't', 0, 'UTC', 60, 'c', 'u', 0, 0), (8, 'g', 't', 0, 'UTC', 60, 'c', 'u', 0, 0);
      INSERT INTO scheduled_work (discussion_id, kind, offset_minutes, due_at, state) VALUES
        (7, 'reminder', 60, 0, 'claimed'), (7, 'reminder', 30, 0, 'claimed');
      INSERT INTO manual_reminders (id, discussion_id, requested_by, audience, delivery, state, holder, heartbeat_at,
        created_at) VALUES (3, 7, 'm', 'going', 'dm', 'running', 'p', 0, 0), (4, 8, 'm', 'going', 'dm', 'running', 'p', 0, 0);
    `);
    const ledger = createMentionsLedger(db);
    const batches = {
      hour: ledger.of(workBatch({ discussionId: 7, kind: 'reminder', offsetMinutes: 60 }), 7),
      halfHour: ledger.of(workBatch({ discussionId: 7, kind: 'reminder', offsetMinutes: 30 }), 7),
      manual: ledger.of(manualBatch(3), 7),
      otherManual: ledger.of(manualBatch(4), 8),
    };
    for (const batch of Object.values(batches)) batch.owe(['a', 'b']);
    return { db, batches };
  }

  it.each(['sent', 'skipped', 'failed'])('a reminder that ends %s owes nothing more; the others still do', (state) => {
    const { db, batches } = setUp();
    db.prepare("UPDATE scheduled_work SET state = ? WHERE offset_minutes = 60 AND kind = 'reminder'").run(state);
    expect(batches.hour.owed()).toEqual([]);
    expect(batches.halfHour.owed()).toEqual(['a', 'b']);
    expect(batches.manual.owed()).toEqual(['a', 'b']);
    db.close();
  });

  it('a reminder moved to a new time owes nothing more', () => {
    const { db, batches } = setUp();
    db.prepare('UPDATE scheduled_work SET due_at = 1 WHERE offset_minutes = 30').run();
    expect(batches.halfHour.owed()).toEqual([]);
    expect(batches.hour.owed()).toEqual(['a', 'b']);
    db.close();
  });

  it('a /remind batch that ends owes nothing more; another batch still does', () => {
    const { db, batches } = setUp();
    db.prepare("UPDATE manual_reminders SET state = 'sent' WHERE id = 3").run();
    expect(batches.manual.owed()).toEqual([]);
    expect(batches.otherManual.owed()).toEqual(['a', 'b']);
    expect(batches.hour.owed()).toEqual(['a', 'b']);
    db.close();
  });
});
