import type { Config } from '../src/core/config.js';
import type { Logger } from '../src/core/log.js';
import type { Db } from '../src/db/open.js';
import type { AnnouncementSettler, FiresideStores } from '../src/firesides/index.js';
import type { Library } from '../src/library/index.js';
import type { MemberDataStore } from '../src/privacy/index.js';
import type { SchedulingStores } from '../src/scheduler/index.js';
import type { InterestStore, TopicDiscussions, TopicPages } from '../src/topics/index.js';

/**
 * Everything a command handler may use, built once by the composition root (src/app.ts) and passed in.
 * Features declare the part they use (FiresideDeps, SchedulerDeps), so none of them imports this file.
 */
export interface Deps {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Db;
  readonly library: Library;
  readonly firesides: FiresideStores;
  /** Fixes an announcement's counts after a burst of clicks whose answers landed out of order. */
  readonly settler: AnnouncementSettler;
  /** Series, due work, the scheduler lease and members' reminder choices (src/scheduler). */
  readonly scheduling: SchedulingStores;
  /** Members' interest in discussions on a library page (src/topics). */
  readonly interest: InterestStore;
  /** Upcoming discussions read by their topic page, for the page and the library list (src/topics). */
  readonly topicDiscussions: TopicDiscussions;
  /** A page's message as /modality shows it, kept until the library or the database changes (src/topics). */
  readonly topicPages: TopicPages;
  /** Every row holding a member's id, for /privacy show and forget (src/privacy). */
  readonly memberData: MemberDataStore;
  /** The current time; tests pass their own clock. */
  readonly now: () => Date;
}
