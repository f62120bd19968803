import type { EventAttributes } from 'ics';
import { lazyPackage } from '../core/lazy-package.js';
import { endsAt } from './discussion-store.js';
import { LINK_WITHHELD_TEXT, type LinkReader, linkWithheld, shownLink } from './link-for.js';
import type { Discussion } from './types.js';

// Loaded when a member first asks for a calendar file, not at start-up.
const ics = lazyPackage<typeof import('ics')>('ics');

/** Same UID for the same discussion, so importing it again updates the calendar entry instead of duplicating it. */
export function calendarUid(discussion: Pick<Discussion, 'id' | 'guildId'>): string {
  return `fireside-${discussion.id}@${discussion.guildId}`;
}

function whereOf(discussion: Discussion, reader: LinkReader, channelName: string | undefined): string | undefined {
  if (discussion.locationChannelId) return `Discord: ${channelName ? `#${channelName}` : 'voice channel'}`;
  return shownLink(discussion, reader) ?? (linkWithheld(discussion, reader) ? LINK_WITHHELD_TEXT : undefined);
}

/**
 * An iCalendar file with one event, start and end in UTC. `now` (the bot's clock, deps.now) is its DTSTAMP, when
 * the file was made; left to the ics package it would read the system clock. `reader`: the member who asked, by
 * their answer; a file given to a member not going carries no link kept for members going.
 */
export function discussionIcs(
  discussion: Discussion,
  options: { now: number; reader: LinkReader; channelName?: string },
): string {
  const location = whereOf(discussion, options.reader, options.channelName);
  const link = shownLink(discussion, options.reader);
  // The ics package reads `timestamp` (DTSTAMP) at run time, but its types leave it out.
  const attributes: EventAttributes & { timestamp: number } = {
    productId: 'healing-library-bot/firesides',
    uid: calendarUid(discussion),
    timestamp: options.now,
    sequence: Math.max(0, Math.floor((discussion.updatedAt - discussion.createdAt) / 1_000)),
    title: discussion.title,
    ...(discussion.description ? { description: discussion.description } : {}),
    ...(location ? { location } : {}),
    ...(link ? { url: link } : {}),
    start: discussion.startsAt,
    startInputType: 'utc',
    startOutputType: 'utc',
    end: endsAt(discussion),
    endInputType: 'utc',
    endOutputType: 'utc',
    status: discussion.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
  };
  const { error, value } = ics().createEvent(attributes);
  if (error || !value) throw error ?? new Error('ics gave no calendar');
  return value;
}

const googleTime = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** Google Calendar's "add event" link, prefilled; the details are shortened so the link fits in a message. */
export function googleCalendarLink(discussion: Discussion, reader: LinkReader, maxLength = 1_500): string {
  const link = shownLink(discussion, reader);
  const details = [discussion.description, link].filter(Boolean).join('\n\n');
  const build = (text: string) => {
    const params = new URLSearchParams({
      action: 'TEMPLATE',
      text: discussion.title,
      dates: `${googleTime(discussion.startsAt)}/${googleTime(endsAt(discussion))}`,
      details: text,
    });
    if (link) params.set('location', link);
    return `https://calendar.google.com/calendar/render?${params.toString()}`;
  };
  let text = details;
  let url = build(text);
  while (url.length > maxLength && text.length > 0) {
    text = text.length > 40 ? `${[...text].slice(0, Math.floor(text.length * 0.75)).join('')}…` : '';
    url = build(text);
  }
  return url;
}
