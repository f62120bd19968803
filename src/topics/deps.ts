import type { FiresideDeps } from '../firesides/index.js';
import type { Library } from '../library/index.js';
import type { InterestStore } from './interest-store.js';
import type { TopicDiscussions } from './topic-discussions.js';
import type { TopicPages } from './topic-pages.js';

/** What the topics' handlers use of the deps every handler gets (the moderator check reads the fireside settings). */
export interface TopicsDeps extends Pick<FiresideDeps, 'firesides'> {
  readonly library: Library;
  readonly interest: InterestStore;
  readonly topicDiscussions: TopicDiscussions;
  readonly topicPages: TopicPages;
  readonly now: () => Date;
}
