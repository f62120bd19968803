/** Recurring series: a cron schedule that becomes ordinary discussions (occurrences), each announced ahead of time. */

export type { SeriesDeps } from './deps.js';
export { deleteSeries, pauseSeries, resumeSeries } from './lifecycle.js';
export { createSeries, editSeries, listSeries } from './manage.js';
export {
  type AnnouncementQueue,
  createOccurrenceStore,
  type OccurrenceResult,
  type OccurrenceStore,
} from './occurrence-store.js';
export {
  CRON_EXAMPLES,
  HORIZON_YEARS,
  MIN_SERIES_INTERVAL_MINUTES,
  nextOccurrences,
  occurrencesAfter,
  shortestIntervalMinutes,
  validateSeriesCron,
} from './occurrences.js';
export { autocompleteSeries } from './pick.js';
export * from './series-input.js';
export { createSeriesStore, type NewSeries, type Series, type SeriesPatch, type SeriesStore } from './series-store.js';
