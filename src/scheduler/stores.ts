import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open.js';
import type { FiresideStores } from '../firesides/index.js';
import { createOccurrenceStore, createSeriesStore, type OccurrenceStore, type SeriesStore } from '../series/index.js';
import { createLeaseStore, type LeaseStore } from './lease-store.js';
import { createManualReminderStore, type ManualReminderStore } from './manual-reminder-store.js';
import { createPrefsStore, type PrefsStore } from './prefs-store.js';
import { createPurgeStore, type PurgeStore } from './purge-store.js';
import { createRecipientStore, type RecipientStore } from './recipient-store.js';
import { createWorkStore, type WorkStore } from './work-store.js';

export interface SchedulingStores {
  readonly series: SeriesStore;
  readonly work: WorkStore;
  readonly lease: LeaseStore;
  readonly prefs: PrefsStore;
  readonly occurrences: OccurrenceStore;
  /** The members each reminder has reached, so a batch cut short by a crash can go on. */
  readonly recipients: RecipientStore;
  /** Moderators' /remind batches and the members each has taken, so one cut short by a crash can go on. */
  readonly manual: ManualReminderStore;
  /** Retention: per-member rows of discussions past their server's retention, and DM channels nobody needs. */
  readonly purge: PurgeStore;
}

export function createSchedulingStores(db: Db, firesides: FiresideStores): SchedulingStores {
  const work = createWorkStore(db);
  return {
    series: createSeriesStore(db),
    work,
    lease: createLeaseStore(db),
    prefs: createPrefsStore(db),
    occurrences: createOccurrenceStore(db, firesides, work),
    recipients: createRecipientStore(db),
    manual: createManualReminderStore(db, randomUUID()),
    purge: createPurgeStore(db),
  };
}
