import type { Config } from './core/config.js';
import type { Logger } from './core/log.js';
import type { Db } from './db/open.js';
import type { AnnouncementSettler } from './firesides/settle-announcement.js';
import type { FiresideStores } from './firesides/stores.js';
import type { Library } from './library/index.js';
import type { SchedulingStores } from './scheduler/stores.js';

/** Everything a handler may use, built once by the composition root (src/app.ts) and passed in. */
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
  /** The current time; tests pass their own clock. */
  readonly now: () => Date;
}
