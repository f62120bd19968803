/**
 * Announcement edits after RSVPs, coalesced per discussion. A click on the announcement is answered with the new
 * counts in place (callback type 7), but those answers reach Discord in whatever order the network delivers them,
 * so after a burst the message may show older counts; /rsvp and clicks elsewhere change the counts without touching
 * the message at all. Either way one edit follows once the answers settle, which also keeps clear of Discord's
 * per-message edit limits.
 */
export interface AnnouncementSettler {
  /** Asks for one edit of the discussion's announcement after the current burst of answers. */
  request(discussionId: number, refresh: () => Promise<void>): void;
  /** Runs pending edits now (on shutdown). */
  flush(): Promise<void>;
}

export const SETTLE_DELAY_MS = 1_000;

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
    request(discussionId, refresh) {
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
