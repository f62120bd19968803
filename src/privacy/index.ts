/** Members' own data (/privacy): what the bot holds about them in a server, and erasing it. */
export type { PrivacyDeps } from './deps.js';
export { answerForget, askToForget } from './forget.js';
export { createMemberDataStore, type MemberDataStore } from './member-data-store.js';
export { showMemberData } from './show.js';
