import type { Logger } from '../core/log.js';
import type { PurgeStore } from './purge-store.js';

/** Discussions purged per tick by default: each is a few milliseconds, and due reminders must not wait behind many. */
export const PURGES_PER_TICK = 10;
/** DM channel rows looked at per tick by the sweep. */
const SWEEP_PER_TICK = 500;

export interface PurgeReport {
  discussions: number;
  /** Purges that threw: rolled back whole, tried again at the next tick. */
  failed: number;
  /** DM channel ids deleted, at purges and by the sweep. */
  dmChannels: number;
  /** Closed-DMs records older than their week. */
  closedDms: number;
  /** Members' interests in a page a crash left taken for their DM (it may have gone out): deleted, not retried. */
  takenInterests: number;
}

export const emptyPurgeReport = (): PurgeReport => ({
  discussions: 0,
  failed: 0,
  dmChannels: 0,
  closedDms: 0,
  takenInterests: 0,
});

/**
 * The lease holder's retention step, last in its tick: at most `perTick` discussions, each in its own transaction,
 * then one window of the DM channel sweep. The sweep's place in the table is kept in memory: a restart starts it
 * over, which costs one more walk and loses nothing.
 */
export function createPurger(store: PurgeStore, logger: Logger, perTick = PURGES_PER_TICK) {
  const log = logger.child({ step: 'retention' });
  let sweepAfter = 0;
  return (now: number, mayGoOn: () => boolean): PurgeReport => {
    const report = emptyPurgeReport();
    for (const id of store.due(now, perTick)) {
      if (!mayGoOn()) return report;
      try {
        const purged = store.purge(id, now);
        if (!purged) continue;
        report.discussions++;
        report.dmChannels += purged.dmChannels;
        // Counts only: never a member.
        log.info({ discussionId: id, ...purged }, 'discussion purged: per-member rows deleted, counts kept');
      } catch (error) {
        report.failed++;
        log.error({ err: error, discussionId: id }, 'purge failed and was rolled back; tried again next tick');
      }
    }
    if (!mayGoOn()) return report;
    const swept = store.sweep(sweepAfter, SWEEP_PER_TICK, now);
    sweepAfter = swept.next;
    report.dmChannels += swept.dmChannels;
    report.closedDms = swept.closedDms;
    report.takenInterests = swept.takenInterests;
    const { dmChannels, closedDms, takenInterests } = swept;
    if (dmChannels || closedDms || takenInterests)
      log.info(
        { dmChannels, closedDms, takenInterests },
        'DM records nobody needs, and interests a crash left taken, deleted',
      );
    return report;
  };
}
