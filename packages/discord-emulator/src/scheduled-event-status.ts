import type { Json } from './types.js';

export const ENTITY = { STAGE: 1, VOICE: 2, EXTERNAL: 3 };
export const STATUS = { SCHEDULED: 1, ACTIVE: 2, COMPLETED: 3, CANCELED: 4 };

/**
 * "Any scheduled event which has not begun after its scheduled start time will be automatically cancelled after a
 * few hours" (resources/guild-scheduled-event.mdx, "Guild Scheduled Event Status Update Automation"). The docs give
 * no number ("on the order of hours"); the emulator takes three.
 */
export const NOT_BEGUN_CANCELLED_AFTER_MS = 3 * 60 * 60_000;

/**
 * Moves one event on as Discord does by itself at `now` (same section): an external event becomes ACTIVE at its
 * start and COMPLETED at its end; any event still SCHEDULED hours after its start is CANCELED. Voice and stage
 * events never start by themselves. Their completion a few minutes after the last member leaves the channel is not
 * modelled: the emulator has no voice connections. Returns whether the status changed.
 */
export function advanceStatus(event: Json, now: number): boolean {
  const before = event.status;
  const start = Date.parse(event.scheduled_start_time);
  const end = event.scheduled_end_time ? Date.parse(event.scheduled_end_time) : undefined;
  const external = event.entity_type === ENTITY.EXTERNAL;
  if (event.status === STATUS.SCHEDULED && external && now >= start) event.status = STATUS.ACTIVE;
  if (event.status === STATUS.SCHEDULED && now >= start + NOT_BEGUN_CANCELLED_AFTER_MS) event.status = STATUS.CANCELED;
  if (event.status === STATUS.ACTIVE && external && end !== undefined && now >= end) event.status = STATUS.COMPLETED;
  return event.status !== before;
}

/**
 * Brings every event of a server up to `now`, lazily (when events are read or changed), and returns those that
 * moved on: Discord sends GUILD_SCHEDULED_EVENT_UPDATE for each (events/gateway-events.mdx).
 */
export function advanceAll(events: Map<string, Json>, now: number): Json[] {
  return [...events.values()].filter((event) => advanceStatus(event, now));
}

export const isFinished = (event: Json) => event.status === STATUS.COMPLETED || event.status === STATUS.CANCELED;
