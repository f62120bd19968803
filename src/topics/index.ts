export type { TopicsDeps } from './deps.js';
export { showInterest, toggleInterest } from './interest.js';
export { type AwaitedTopic, createInterestStore, type InterestStore, TAKEN_INTEREST_MS } from './interest-store.js';
export { listTopicLibrary, pageTopicLibrary } from './library-list.js';
export { explorePage, openTopicPage, showTopicPage, turnTopicSection } from './read-topic-page.js';
export { type InterestDmDeps, type InterestDmReport, tellInterestedMembers } from './tell-interested.js';
export { createTopicDiscussions, type TopicDiscussions } from './topic-discussions.js';
export { createTopicPages, type TopicPages } from './topic-pages.js';
