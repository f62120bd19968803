/** The fireside API other modules (commands, the scheduler) use. */
export {
  announceDiscussion,
  checkAnnouncePermissions,
  MissingPermissionsError,
  refreshAnnouncement,
} from './announce.js';
export { whoAnswered } from './audience.js';
export {
  dmMember,
  type MemberPayload,
  postMentionBatches,
  type SendResult,
  sendToMembers,
  settleOwed,
} from './deliver.js';
export type { FiresideDeps, PlannedWork } from './deps.js';
export { endsAt } from './discussion-store.js';
export * from './input.js';
export * from './offsets.js';
export { startScheduledEvent } from './scheduled-event.js';
export { type AnnouncementSettler, createAnnouncementSettler } from './settle-announcement.js';
export { createFiresideStores, type FiresideStores } from './stores.js';
export {
  formatInZone,
  isValidTimeZone,
  parseStart,
  requireTimeZone,
  START_EXAMPLES,
  suggestTimeZones,
} from './time.js';
export * from './types.js';
export { announcementEmbed, seconds, whereText } from './views/announcement.js';
export { settingsView } from './views/lists.js';
