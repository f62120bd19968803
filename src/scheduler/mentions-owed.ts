import type { Db } from '../db/open.js';
import type { WorkKey } from './decide.js';

/**
 * Members of one reminder batch whose DMs turned out closed and who are owed a mention in the channel instead.
 * Written the moment Discord refuses the DM, cleared just before the mention is posted: a batch cut short in
 * between still mentions them when it goes on (members.settle takes each once).
 */
export interface MentionsOwed {
  owe(userIds: readonly string[]): void;
  /** Takes owed members for the mention about to be posted; returns those no one had taken yet. */
  settle(userIds: readonly string[]): string[];
  /** Members an earlier attempt owed a mention and never posted it for. */
  owed(): string[];
}

// The triggers of migrations 10 and 11 build the same keys to clear a batch's debts when it ends or moves;
// tests/db/mentions-owed-keys.test.ts fails when the two disagree.
export const workBatch = (key: WorkKey) => `work:${key.discussionId}:${key.kind}:${key.offsetMinutes}`;
export const manualBatch = (id: number) => `manual:${id}`;

/** The ledger behind MentionsOwed; one per store that runs resumable batches. */
export function createMentionsLedger(db: Db) {
  const insert = db.prepare<[string, string, number]>(
    'INSERT INTO mentions_owed (batch, user_id, discussion_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const remove = db.prepare<[string, string]>('DELETE FROM mentions_owed WHERE batch = ? AND user_id = ?');
  const list = db.prepare<[string], { user_id: string }>('SELECT user_id FROM mentions_owed WHERE batch = ?');
  const owe = db.transaction((batch: string, discussionId: number, userIds: readonly string[]) => {
    for (const userId of userIds) insert.run(batch, userId, discussionId);
  });
  const settle = db.transaction((batch: string, userIds: readonly string[]) =>
    userIds.filter((userId) => remove.run(batch, userId).changes === 1),
  );
  return {
    of: (batch: string, discussionId: number): MentionsOwed => ({
      owe: (userIds) => owe(batch, discussionId, userIds),
      settle: (userIds) => settle(batch, userIds),
      owed: () => list.all(batch).map((row) => row.user_id),
    }),
  };
}
