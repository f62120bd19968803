import type { AnswerDeps } from '../firesides/index.js';
import type { MemberDataStore } from './member-data-store.js';

/**
 * What /privacy uses: the answering deps (a freed place is followed through as after "Can't go": the settler
 * refreshes the announcement, members moved up are told) and the store of every row holding a member's id.
 */
export interface PrivacyDeps extends AnswerDeps {
  readonly memberData: MemberDataStore;
}
