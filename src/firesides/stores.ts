import type { Db } from '../db/open.js';
import { createDiscussionStore, type DiscussionStore } from './discussion-store.js';
import { createDmChannelStore, type DmChannelStore } from './dm-channel-store.js';
import { createPromotionNoticeStore, type PromotionNoticeStore } from './promotion-notice-store.js';
import { createQuestionStore, type QuestionStore } from './question-store.js';
import { createRsvpStore, type RsvpStore } from './rsvp-store.js';
import { createSettingsStore, type SettingsStore } from './settings-store.js';

export interface FiresideStores {
  readonly settings: SettingsStore;
  readonly discussions: DiscussionStore;
  readonly rsvps: RsvpStore;
  /** Members moved up from the waitlist and not told yet. */
  readonly promotions: PromotionNoticeStore;
  readonly questions: QuestionStore;
  readonly dmChannels: DmChannelStore;
}

/** `defaultTimezone` is the bot's DEFAULT_TIMEZONE, used for servers that never set one. */
export function createFiresideStores(db: Db, options: { defaultTimezone?: string } = {}): FiresideStores {
  const promotions = createPromotionNoticeStore(db);
  return {
    settings: createSettingsStore(db, options.defaultTimezone),
    discussions: createDiscussionStore(db),
    rsvps: createRsvpStore(db, promotions),
    promotions,
    questions: createQuestionStore(db),
    dmChannels: createDmChannelStore(db),
  };
}
