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
    ...(link ? { url: new URL(link).href } : {}),
    start: discussion.startsAt,
    startInputType: 'utc',
    startOutputType: 'utc',
    end: endsAt(discussion),
    endInputType: 'utc',
    endOutputType: 'utc',
    status: discussion.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
  };
  const made = ics().createEvent(attributes);
  // The ics package checks URL with a pattern stricter than the web's (no capitals in the scheme or host, no one-digit
  // port, no "_" in a host, no IPv6), though such links work: the file then carries it in LOCATION or DESCRIPTION.
  const withoutUrl = () => {
    const details =
      location === link ? discussion.description : [discussion.description, link].filter(Boolean).join('\n\n');
    return ics().createEvent({ ...attributes, url: undefined, ...(details ? { description: details } : {}) });
  };
  const { error, value } = made.error && attributes.url ? withoutUrl() : made;
  // Its error quotes every attribute (title, description, a link kept for members going): never thrown on to a log.
  if (error || !value) throw new Error('the ics package refused the calendar event');
  return value;
}

const googleTime = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/**
 * Google Calendar's "add event" link, prefilled, within `maxLength` so its message fits. What gives way first is the
 * place (a copy of the link the details carry), then the description and the title, each down to some 40
 * characters, then the rest of the description; the meeting link is never cut (a cut address is a broken one), and
 * leaves the details only last.
 */
export function googleCalendarLink(discussion: Discussion, reader: LinkReader, maxLength = 1_500): string {
  const link = shownLink(discussion, reader);
  let description = discussion.description ?? '';
  let title = discussion.title;
  let inPlace = link !== null;
  let inDetails = link !== null;
  const build = () => {
    const params = new URLSearchParams({
      action: 'TEMPLATE',
      text: title,
      dates: `${googleTime(discussion.startsAt)}/${googleTime(endsAt(discussion))}`,
      details: [description, inDetails ? link : null].filter(Boolean).join('\n\n'),
    });
    if (inPlace && link) params.set('location', link);
    return `https://calendar.google.com/calendar/render?${params.toString()}`;
  };
  let url = build();
  const long = (text: string) => [...text].length > 40;
  while (url.length > maxLength) {
    // The place repeats the link the details carry: the first thing to go.
    if (inPlace) inPlace = false;
    else if (long(description)) description = shorter(description);
    else if (long(title)) title = shorter(title);
    else if (description) description = '';
    else if (inDetails) inDetails = false;
    else if (title) title = '';
    else break;
    url = build();
  }
  return url;
}

/** Three quarters of a text, by whole characters, with an ellipsis. */
const shorter = (text: string) => {
  const chars = [...text];
  return `${chars.slice(0, Math.floor(chars.length * 0.75)).join('')}…`;
};
