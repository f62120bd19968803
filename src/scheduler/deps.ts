import type { FiresideDeps } from '../firesides/index.js';
import type { InterestStore } from '../topics/index.js';
import type { SchedulingStores } from './stores.js';

/** What the scheduler uses: a part of the deps every handler gets, declared here so no circle runs through them. */
export interface SchedulerDeps extends FiresideDeps {
  readonly scheduling: SchedulingStores;
  /** Members waiting on a page: told once when a discussion on it is announced. */
  readonly interest: InterestStore;
}
