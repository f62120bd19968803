/** Scheduled firesides: series occurrences, due work (announcements, reminders, start posts), the lease. */
export { type Decision, type DueItem, decide, START_POST_GRACE_MS, type WorkKind } from './decide.js';
export { type ReminderReport, remindMembers, reportText } from './deliver.js';
export { LEASE_TTL_MS } from './lease-store.js';
export {
  CRON_EXAMPLES,
  nextOccurrences,
  occurrencesAfter,
  shortestIntervalMinutes,
  validateSeriesCron,
} from './occurrences.js';
export { reminderRecipients } from './perform.js';
export { createScheduler, type Scheduler, type SchedulerOptions, type TickReport } from './scheduler.js';
export type { NewSeries, Series } from './series-store.js';
export { createSchedulingStores, type SchedulingStores } from './stores.js';
