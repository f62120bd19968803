import { UserError } from '../core/errors.js';
import type { Db } from '../db/open.js';
import { PURGED_TEXT } from './rsvp-store.js';
import type { Question } from './types.js';

interface QuestionRow {
  id: number;
  discussion_id: number;
  user_id: string | null;
  anonymous: number;
  text: string;
  asked_at: number;
}

function toQuestion(row: QuestionRow): Question {
  return {
    id: row.id,
    discussionId: row.discussion_id,
    userId: row.user_id,
    anonymous: row.anonymous === 1,
    text: row.text,
    askedAt: row.asked_at,
  };
}

export type QuestionStore = ReturnType<typeof createQuestionStore>;

export function createQuestionStore(db: Db) {
  // Nothing is added to a purged discussion (retention), checked in the statement that writes.
  const insert = db.prepare<Record<string, unknown>, QuestionRow>(`
    INSERT INTO questions (discussion_id, user_id, anonymous, text, asked_at)
    SELECT @discussionId, @userId, @anonymous, @text, @askedAt
    WHERE (SELECT purged_at FROM discussions WHERE id = @discussionId) IS NULL RETURNING *`);
  const list = db.prepare<[number], QuestionRow>(
    'SELECT * FROM questions WHERE discussion_id = ? ORDER BY asked_at, id',
  );

  return {
    /** An anonymous question is stored without its author, whatever `userId` says: nobody can trace it later. */
    add(input: Omit<Question, 'id'>): Question {
      const row = insert.get({
        ...input,
        userId: input.anonymous ? null : input.userId,
        anonymous: input.anonymous ? 1 : 0,
      });
      if (!row) throw new UserError(PURGED_TEXT);
      return toQuestion(row);
    },
    /** Oldest first, the order a facilitator answers them in. */
    list(discussionId: number): Question[] {
      return list.all(discussionId).map(toQuestion);
    },
  };
}
