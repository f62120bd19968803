import { UserError, WorkDoneError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { isAnnounced, requireAnnounced } from './announced.js';
import type { FiresideDeps } from './deps.js';
import { requireOpen } from './open.js';
import type { Discussion, RsvpChange, RsvpChoice } from './types.js';
import { standingText } from './views/lists.js';

/**
 * A button or modal of a discussion that was deleted: an explanation, not "This interaction failed". The bot puts
 * its buttons only on what was announced, so a custom id naming anything else was forged (ids are sequential), and
 * is refused in the same words, naming nothing; `canSee` widens that where moderators' own views carry buttons.
 */
export function discussionFromComponent(
  deps: Pick<FiresideDeps, 'firesides'>,
  guildId: string,
  id: number,
  canSee: (discussion: Discussion) => boolean = isAnnounced,
): Discussion {
  const discussion = deps.firesides.discussions.getInGuild(guildId, id);
  if (!discussion || !canSee(discussion))
    throw new UserError(
      'This Fireside Discussion no longer exists or is not announced yet. See `/fireside list` for upcoming ones.',
    );
  return discussion;
}

export async function recordRsvp(
  deps: Pick<FiresideDeps, 'firesides' | 'scheduling' | 'now'>,
  discussion: Discussion,
  userId: string,
  choice: RsvpChoice,
): Promise<{ change: RsvpChange; standing: string }> {
  requireOpen(discussion, deps.now());
  requireAnnounced(deps, discussion);
  const { waitlistPosition, ...change } = await deps.firesides.rsvps.record(
    discussion.id,
    userId,
    choice,
    deps.now().getTime(),
  );
  const standing = standingText(discussion, change.after, waitlistPosition);
  return {
    change,
    standing: change.changed ? standing : `No change: ${standing.charAt(0).toLowerCase()}${standing.slice(1)}`,
  };
}

/**
 * An answer once committed is followed through whatever becomes of the member's reply: Discord may refuse the reply
 * (10062 once its 3 seconds are gone, 500 on every retry) after the answer was stored, and members moved up must
 * still hear of it and the announcement still show it. So the follow-through runs beside the reply, never after it.
 * A failed reply is thrown once both are done, for the error boundary to log and to tell the member, where Discord
 * still lets it, where they stand (`told`) rather than apologise. A failed follow-through is only logged: the
 * member's answer is stored and they were told so, and an apology after it would say otherwise.
 */
export async function alongsideReply(
  reply: Promise<unknown>,
  followThrough: Promise<unknown>,
  told: string,
  log: Logger,
): Promise<void> {
  const [replied, followed] = await Promise.allSettled([reply, followThrough]);
  if (followed.status === 'rejected') {
    log.error({ err: followed.reason }, 'an answer was stored, but what follows from it failed');
  }
  if (replied.status === 'rejected') throw new WorkDoneError(told, { cause: replied.reason });
}
