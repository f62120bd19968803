import type { FiresideDeps } from '../firesides/index.js';
import type { SchedulingStores } from './stores.js';

/** What the scheduler uses: a part of the deps every handler gets, declared here so no circle runs through them. */
export interface SchedulerDeps extends FiresideDeps {
  readonly scheduling: SchedulingStores;
}
