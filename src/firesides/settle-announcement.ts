import type { RsvpCounts } from './types.js';

/**
 * A click is answered with the announcement's new counts (callback type 7), and those answers reach Discord in
 * whatever order the network delivers them: after a burst, the message may show counts older than the last click.
 * Each click therefore compares what it showed with what is stored once its answer has landed; when they differ,
 * one edit of the announcement follows after the burst settles. A single, coalesced edit per discussion keeps
 * clear of Discord's message-edit limits.
 */
export interface AnnouncementSettler {
  /** Call after a click's answer landed, with the counts it showed. */
  check(discussionId: number, shown: RsvpCounts, stored: RsvpCounts, refresh: () => Promise<void>): void;
  /** Runs pending edits now (on shutdown). */
  flush(): Promise<void>;
}

export const SETTLE_DELAY_MS = 1_000;

export function sameCounts(a: RsvpCounts, b: RsvpCounts): boolean {
  return a.going === b.going && a.maybe === b.maybe && a.no === b.no && a.waitlist === b.waitlist;
}

export function createAnnouncementSettler(delayMs = SETTLE_DELAY_MS): AnnouncementSettler {
  const pending = new Map<number, { timer: NodeJS.Timeout; refresh: () => Promise<void> }>();
  const run = async (discussionId: number) => {
    const entry = pending.get(discussionId);
    if (!entry) return;
    clearTimeout(entry.timer);
    pending.delete(discussionId);
    await entry.refresh();
  };
  return {
    check(discussionId, shown, stored, refresh) {
      if (sameCounts(shown, stored)) return;
      const previous = pending.get(discussionId);
      if (previous) clearTimeout(previous.timer);
      const timer = setTimeout(() => void run(discussionId), delayMs);
      pending.set(discussionId, { timer, refresh });
    },
    async flush() {
      await Promise.all([...pending.keys()].map(run));
    },
  };
}
