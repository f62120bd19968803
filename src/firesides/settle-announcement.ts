/**
 * A click is answered with the announcement's new counts (callback type 7), and those answers reach Discord in
 * whatever order the network delivers them: after a burst, the message may show counts older than the last click.
 * Each click therefore compares the RSVP version it showed with the stored one once its answer has landed; when
 * another answer came in meanwhile, one edit of the announcement follows after the burst settles. A single, coalesced edit per discussion keeps
 * clear of Discord's message-edit limits.
 */
export interface AnnouncementSettler {
  /** Call after a click's answer landed, with the RSVP version it showed and the one stored now. */
  check(discussionId: number, shown: number, stored: number, refresh: () => Promise<void>): void;
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
    check(discussionId, shown, stored, refresh) {
      if (shown === stored) return;
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
