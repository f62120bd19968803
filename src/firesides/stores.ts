import type { Db } from '../db/open.js';
import { createDiscussionStore, type DiscussionStore } from './discussion-store.js';
import { createDmChannelStore, type DmChannelStore } from './dm-channel-store.js';
import { createQuestionStore, type QuestionStore } from './question-store.js';
import { createRsvpStore, type RsvpStore } from './rsvp-store.js';
import { createSettingsStore, type SettingsStore } from './settings-store.js';

export interface FiresideStores {
  readonly settings: SettingsStore;
  readonly discussions: DiscussionStore;
  readonly rsvps: RsvpStore;
  readonly questions: QuestionStore;
  readonly dmChannels: DmChannelStore;
}

/** `defaultTimezone` is the bot's DEFAULT_TIMEZONE, used for servers that never set one. */
export function createFiresideStores(db: Db, options: { defaultTimezone?: string } = {}): FiresideStores {
  return {
    settings: createSettingsStore(db, options.defaultTimezone),
    discussions: createDiscussionStore(db),
    rsvps: createRsvpStore(db),
    questions: createQuestionStore(db),
    dmChannels: createDmChannelStore(db),
  };
}
