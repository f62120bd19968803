import type { FiresideDeps } from '../firesides/index.js';
import type { OccurrenceStore } from './occurrence-store.js';
import type { SeriesStore } from './series-store.js';

/** What series code uses: a part of the deps every handler gets, declared here so no circle runs through them. */
export interface SeriesDeps extends FiresideDeps {
  readonly scheduling: FiresideDeps['scheduling'] & {
    readonly series: SeriesStore;
    readonly occurrences: OccurrenceStore;
  };
}
