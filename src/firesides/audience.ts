import type { FiresideDeps } from './deps.js';
import type { RsvpStatus } from './types.js';

/** The members whose answer to a discussion is one of `statuses`: all of the first status, then the next, each in RSVP order. */
export function whoAnswered(
  deps: Pick<FiresideDeps, 'firesides'>,
  discussionId: number,
  statuses: readonly RsvpStatus[],
): string[] {
  return statuses.flatMap((status) =>
    deps.firesides.rsvps.listByStatus(discussionId, status).map((rsvp) => rsvp.userId),
  );
}
