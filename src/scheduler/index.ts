/** The scheduler engine: due work (announcements, reminders, start posts), the lease, /remind batches. */
export { type Decision, type DueItem, decide, START_POST_GRACE_MS, type WorkKind } from './decide.js';
export { type ReminderReport, remindMembers } from './deliver.js';
export { LEASE_TTL_MS } from './lease-store.js';
export type { ManualReminder } from './manual-reminder-store.js';
export { reminderRecipients } from './perform.js';
export { MESSAGE_MAX, type RemindOptionValues, remindNow } from './remind-now.js';
export { setReminders } from './reminder-choice.js';
export { createScheduler, type Scheduler, type SchedulerOptions, type TickReport } from './scheduler.js';
export { createSchedulingStores, type SchedulingStores } from './stores.js';
