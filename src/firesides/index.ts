/** Fireside discussions and RSVPs: what other folders (commands, series, the scheduler) may use of them. */
export { isModerator, requireModerator, resolveDiscussion } from './access.js';
export {
  announceDiscussion,
  checkAnnouncePermissions,
  checkNoticePermissions,
  MissingPermissionsError,
  NotPostedError,
} from './announce.js';
export { announcementUrl } from './announced.js';
export { type AnswerDeps, answerCant, answerClick, answerRsvp, followChange } from './answer.js';
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
export { autocompleteEvent, timeZoneChoices } from './choices.js';
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
export { CLOSED_DMS_RETRY_MS, hasDmReason } from './dm-channel-store.js';
export * from './input.js';
export * from './link-for.js';
export { cancelAndTell, cancelDiscussion, editDiscussion, scheduleDiscussion, staleCancelledText } from './manage.js';
export { askQuestion, sendCalendarFile, submitQuestion } from './member-buttons.js';
export * from './offsets.js';
export { requireOpen } from './open.js';
export { unheardPing, unheardPingWarning } from './ping-role.js';
export { alongsideReply } from './rsvp-flow.js';
export type { ErasedAnswer } from './rsvp-store.js';
export { startScheduledEvent } from './scheduled-event.js';
export { type AnnouncementSettler, createAnnouncementSettler } from './settle-announcement.js';
export { type SetupOptionValues, setupServer } from './setup.js';
export { createFiresideStores, type FiresideStores } from './stores.js';
export { PROMOTION_GRACE_MS, tellOverduePromotions } from './tell-promoted.js';
export { formatInZone, isValidTimeZone, parseStart, START_EXAMPLES } from './time.js';
export { checkTopic, type TopicPages, type TopicRef } from './topic.js';
export * from './types.js';
export { seconds, whereText } from './views/announcement.js';
export { STATUS_LABEL } from './views/lists.js';
