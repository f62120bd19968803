import type { Logger } from '../core/log.js';
import type { Db } from '../db/open.js';
import type { FiresideStores } from './stores.js';
import type { TopicPages } from './topic.js';

/** A discussion's due work as fireside code reads it; the scheduler's work store is one. */
export interface PlannedWork {
  forDiscussion(discussionId: number): readonly { kind: string; state: string; offsetMinutes: number }[];
}

/**
 * Occurrences a series made ahead with the server's announcement channel; the series' occurrence store is one.
 * Declared here because series sit above fireside code.
 */
export interface ServerChannelFollowers {
  /** Returns how many moved; call inside the transaction that changes the setting. */
  followServerChannel(guildId: string, from: string, to: string, now: number): number;
}

/**
 * What fireside code uses: a part of the deps every handler gets. Declared here, not imported from the
 * composition root, so this folder depends on no feature that depends on it.
 */
export interface FiresideDeps {
  readonly logger: Logger;
  readonly db: Db;
  readonly firesides: FiresideStores;
  /** The Healing Library, for a discussion's topic page. */
  readonly library: TopicPages;
  /**
   * `work` only to tell moderators when a discussion not announced yet will be; `occurrences` so those made ahead
   * follow /setup's announcement channel.
   */
  readonly scheduling: { readonly work: PlannedWork; readonly occurrences: ServerChannelFollowers };
  /** The current time; tests pass their own clock. */
  readonly now: () => Date;
}
