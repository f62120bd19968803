import { UserError } from '../core/errors.js';
import { endsAt } from './discussion-store.js';
import type { Discussion } from './types.js';

/**
 * RSVPs and questions are for discussions that will still take place. Checked when a click is read, and again by
 * the RSVP store in the transaction that writes, where a cancellation committed meanwhile is seen.
 */
export function requireOpen(
  discussion: Pick<Discussion, 'title' | 'status' | 'cancelReason' | 'startsAt' | 'durationMinutes'>,
  now: Date,
): void {
  if (discussion.status === 'cancelled') {
    const reason = discussion.cancelReason ? ` (${discussion.cancelReason})` : '';
    throw new UserError(
      `**${discussion.title}** was cancelled${reason}. See \`/fireside list\` for upcoming discussions.`,
    );
  }
  if (endsAt(discussion) <= now.getTime()) {
    throw new UserError(
      `**${discussion.title}** has already taken place. See \`/fireside list\` for upcoming discussions.`,
    );
  }
}
