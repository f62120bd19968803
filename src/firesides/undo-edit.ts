import { WorkDoneError } from '../core/errors.js';
import { count } from '../discord/count.js';
import { MissingPermissionsError } from './announce.js';
import type { FiresideDeps } from './deps.js';
import type { Discussion, DiscussionPatch } from './types.js';

/** What is left of an edit undone because its new announcement could not be posted. */
export interface UndoneEdit {
  restored: Discussion;
  /** The new capacity stands: members hold its new seats. */
  keptCapacity: boolean;
}

/** An edit as committed: the discussion before it, what it changed, and how many were going when it was made. */
export interface CommittedEdit {
  before: Discussion;
  patch: DiscussionPatch;
  goingAtEdit: number;
}

/**
 * Puts back what the edit changed, in one transaction, except a raised (or removed) capacity whose new seats are
 * taken already (by members moved up from the waitlist with the edit, or by Going clicks since): nobody who was told
 * they are going is moved back to the waitlist, and the announcement never shows more members going than seats. A
 * seat is new only beyond both the old capacity and those going at the edit: members over a capacity lowered before
 * hold none of them.
 */
export function undoEdit(deps: FiresideDeps, edit: CommittedEdit, now: number): UndoneEdit {
  const { before, patch, goingAtEdit } = edit;
  return deps.db.transaction(() => {
    const going = deps.firesides.rsvps.counts(before.id).going;
    const keptCapacity = raisedCapacity(before, patch) && going > Math.max(before.capacity ?? 0, goingAtEdit);
    const keys = Object.keys(patch).filter((key) => !(keptCapacity && key === 'capacity'));
    const undo = Object.fromEntries(keys.map((key) => [key, before[key as keyof Discussion]])) as DiscussionPatch;
    return { restored: deps.firesides.discussions.update(before.id, undo, now), keptCapacity };
  })();
}

/** The edit gave seats: it raised the capacity, or removed a limit that stood. */
function raisedCapacity(before: Discussion, patch: DiscussionPatch): boolean {
  if (patch.capacity === undefined || before.capacity === null) return false;
  return patch.capacity === null || patch.capacity > before.capacity;
}

/**
 * What the moderator reads when part of an undone edit stands (its capacity kept, or members moved up, who keep their
 * seats either way): the refusal, and what changed after all.
 */
export function partlyUndoneError(error: unknown, { restored, keptCapacity }: UndoneEdit, promoted: number): Error {
  const seats = restored.capacity === null ? 'no limit' : `${restored.capacity}`;
  const moved = count(promoted, 'member');
  // Not kept, yet members moved up (going members stepped back since, or the edit only filled seats left free): they
  // keep their seats under the capacity that stood.
  const outcome = keptCapacity
    ? `Only the capacity changed: it is now ${seats}, as members already hold its new seats${promoted ? ` (moved up from the waitlist and told: ${moved})` : ''}. Nothing else was changed.`
    : `Only the waitlist moved: the capacity is ${seats} as before, and those moved up from the waitlist and told keep their seats (${moved}). Nothing else was changed.`;
  if (error instanceof MissingPermissionsError)
    return new MissingPermissionsError(error.channelId, error.missing, outcome);
  // Discord failed, not the moderator: logged, and they read what changed instead of an apology.
  return new WorkDoneError(outcome, { cause: error });
}
