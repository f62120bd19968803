/** What the tick does with each due item: pure rules, so catch-up after downtime is unit-tested without a clock. */
export type WorkKind = 'announce' | 'reminder' | 'start';

export interface WorkKey {
  discussionId: number;
  kind: WorkKind;
  offsetMinutes: number;
}

export interface DueItem extends WorkKey {
  dueAt: number;
  startsAt: number;
  cancelled: boolean;
  announced: boolean;
}

export type Decision = { item: DueItem; send: true } | { item: DueItem; send: false; reason: string };

/** A start post later than this after the start is noise, not news. */
export const START_POST_GRACE_MS = 10 * 60_000;

/**
 * The catch-up rules. After downtime several items of one discussion may be due at once:
 * - an announcement is useful until the discussion starts;
 * - a reminder is useful until the discussion starts, and only the latest due one is sent (no burst of reminders);
 * - a reminder of a discussion that was never announced has nobody to remind;
 * - a start post is useful within START_POST_GRACE_MS of the start;
 * - nothing is sent for a cancelled discussion.
 */
export function decide(items: readonly DueItem[], now: number): Decision[] {
  const decisions: Decision[] = [];
  const latestReminder = new Map<number, DueItem>();
  for (const item of items) {
    const skip = (reason: string) => decisions.push({ item, send: false, reason });
    if (item.cancelled) {
      skip('the discussion was cancelled');
    } else if (item.kind === 'announce') {
      if (item.announced) skip('already announced');
      else if (now >= item.startsAt) skip('stale: the discussion had already started');
      else decisions.push({ item, send: true });
    } else if (item.kind === 'start') {
      if (now - item.startsAt > START_POST_GRACE_MS) skip('stale: more than 10 minutes after the start');
      else if (!item.announced) skip('the discussion was never announced');
      else decisions.push({ item, send: true });
    } else if (now >= item.startsAt) {
      skip('stale: the discussion had already started');
    } else if (!item.announced) {
      skip('due before the announcement went out');
    } else {
      const current = latestReminder.get(item.discussionId);
      if (current === undefined || isLater(item, current)) {
        if (current) decisions.push({ item: current, send: false, reason: 'superseded by a later reminder' });
        latestReminder.set(item.discussionId, item);
      } else {
        skip('superseded by a later reminder');
      }
    }
  }
  for (const item of latestReminder.values()) decisions.push({ item, send: true });
  return decisions;
}

function isLater(a: DueItem, b: DueItem): boolean {
  return a.dueAt > b.dueAt || (a.dueAt === b.dueAt && a.offsetMinutes < b.offsetMinutes);
}
