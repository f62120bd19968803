/** Fireside discussions and RSVPs: what other folders (commands, series, the scheduler) may use of them. */
export { isModerator, requireManageServer, requireModerator, resolveDiscussion, seesDiscussion } from './access.js';
export {
  announceDiscussion,
  cannotPostText,
  checkAnnouncePermissions,
  MissingPermissionsError,
  refreshAnnouncement,
} from './announce.js';
export { type AnswerDeps, answerCant, answerClick, answerRsvp } from './answer.js';
export { whoAnswered } from './audience.js';
export {
  listAttendees,
  listMine,
  listQuestions,
  listUpcoming,
  pageAttendees,
  pageUpcoming,
  showInfo,
} from './browse.js';
export { discussionIcs, googleCalendarLink } from './calendar.js';
export { eventChoices } from './choices.js';
export { withDeferredReply } from './deferred.js';
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
export { cancelAndTell, cancelDiscussion, editDiscussion, scheduleDiscussion, staleCancelledText } from './manage.js';
export { askQuestion, sendCalendarFile, submitQuestion } from './member-buttons.js';
export * from './offsets.js';
export { unheardPing, unheardPingText, unheardPingWarning } from './ping-role.js';
export { questionForm, readQuestionForm } from './question-form.js';
export { alongsideReply, discussionFromComponent, recordRsvp, requireOpen, tellPromoted } from './rsvp-flow.js';
export { canCreateEvents, startScheduledEvent } from './scheduled-event.js';
export { type AnnouncementSettler, createAnnouncementSettler } from './settle-announcement.js';
export { type SetupOptionValues, setupServer } from './setup.js';
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
