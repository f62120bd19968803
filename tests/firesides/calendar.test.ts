import { describe, expect, it } from 'vitest';
import { discussionIcs, googleCalendarLink } from '../../src/firesides/calendar.js';
import type { Discussion } from '../../src/firesides/types.js';

const base: Discussion = {
  id: 42,
  guildId: '200000000000000001',
  seriesId: null,
  title: 'Grief, winter; and "us"',
  description: null,
  startsAt: Date.parse('2026-12-03T18:00:00Z'),
  timezone: 'Europe/Paris',
  durationMinutes: 90,
  facilitatorId: null,
  locationChannelId: null,
  link: 'https://meet.example.org/room?a=1&b=2',
  linkFor: 'everyone',
  capacity: null,
  channelId: '300000000000000002',
  messageId: null,
  announcedAt: null,
  scheduledEventId: null,
  reminders: null,
  topicSlug: null,
  topicTitle: null,
  status: 'scheduled',
  cancelReason: null,
  cancelledAt: null,
  purgedAt: null,
  keptQuestions: null,
  createdBy: '500000000000000002',
  createdAt: 0,
  updatedAt: 0,
};

/** RFC 5545 unfolding and unescaping: the reverse of what a calendar application does on import. */
function parseIcs(text: string): Record<string, string> {
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  const fields: Record<string, string> = {};
  for (const line of unfolded.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).split(';')[0] as string;
    fields[key] = line
      .slice(colon + 1)
      .replace(/\\n/gi, '\n')
      .replace(/\\([,;\\])/g, '$1');
  }
  return fields;
}

/** The bot's clock, years away from the system clock, so a DTSTAMP read from the system clock cannot pass. */
const STAMPED = Date.parse('2031-02-03T04:05:06Z');

describe('the .ics file', () => {
  const description = `Line one, with commas; and semicolons\nLine two: ${'a long sentence about winter '.repeat(12)}end.`;
  const ics = discussionIcs({ ...base, description }, { now: STAMPED, reader: 'others' });
  const fields = parseIcs(ics);

  it('has a stable UID and the start and end in UTC', () => {
    expect(fields.UID).toBe('fireside-42@200000000000000001');
    expect(discussionIcs({ ...base, title: 'Renamed' }, { now: STAMPED, reader: 'others' })).toContain(
      'UID:fireside-42@200000000000000001',
    );
    expect(fields.DTSTART).toBe('20261203T180000Z');
    expect(fields.DTEND).toBe('20261203T193000Z');
  });

  it('escapes and folds text so it reads back exactly', () => {
    expect(ics).toContain('SUMMARY:Grief\\, winter\\; and "us"');
    expect(fields.SUMMARY).toBe('Grief, winter; and "us"');
    expect(fields.DESCRIPTION).toBe(description);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('gives the link as URL and location, or the voice channel as location', () => {
    expect(fields.URL).toBe(base.link);
    expect(fields.LOCATION).toBe(base.link);
    const voice = parseIcs(
      discussionIcs(
        { ...base, link: null, locationChannelId: '300000000000000003' },
        { channelName: 'Fireside Voice', now: STAMPED, reader: 'others' },
      ),
    );
    expect(voice.LOCATION).toBe('Discord: #Fireside Voice');
    expect(voice.URL).toBeUndefined();
  });

  it('carries a link kept for members going only in the file of a member going', () => {
    const privately = { ...base, linkFor: 'going' as const };
    const going = parseIcs(discussionIcs(privately, { now: STAMPED, reader: 'going' }));
    expect(going.URL).toBe(base.link);
    const others = discussionIcs(privately, { now: STAMPED, reader: 'others' });
    expect(others).not.toContain('meet.example.org');
    expect(parseIcs(others).LOCATION).toBe('Link sent to members going');
    expect(googleCalendarLink(privately, 'others')).not.toContain('meet.example.org');
    expect(decodeURIComponent(googleCalendarLink(privately, 'going'))).toContain('meet.example.org');
  });

  it('makes the file for every link /fireside accepts, however the ics package reads URLs', () => {
    // Links that work, which the ics package's own URL pattern refuses (found by a read-only review: a member's
    // "Add to calendar" then failed for everyone, and the package's error quoted the event to the log).
    for (const link of [
      'Https://meet.example.org/Room',
      'HTTPS://MEET.EXAMPLE.ORG/x',
      'https://meet.example.org:8/x',
      'https://my_team.example.org/x',
      'http://[::1]/x',
    ]) {
      const file = parseIcs(discussionIcs({ ...base, link }, { now: STAMPED, reader: 'others' }));
      expect(file.LOCATION).toBe(link);
      expect(file.URL ?? new URL(link).href).toBe(new URL(link).href);
    }
    // With the voice channel as its place, a link the package refuses goes into the description instead.
    const voice = parseIcs(
      discussionIcs(
        {
          ...base,
          link: 'https://my_team.example.org/x',
          locationChannelId: '300000000000000003',
          description: 'Bring tea.',
        },
        { channelName: 'Fireside Voice', now: STAMPED, reader: 'others' },
      ),
    );
    expect(voice.LOCATION).toBe('Discord: #Fireside Voice');
    expect(voice.DESCRIPTION).toBe('Bring tea.\n\nhttps://my_team.example.org/x');
  });

  it('stamps the file with the time passed in, not the system clock', () => {
    expect(fields.DTSTAMP).toBe('20310203T040506Z');
  });

  it('marks a cancelled discussion as cancelled', () => {
    expect(parseIcs(discussionIcs({ ...base, status: 'cancelled' }, { now: STAMPED, reader: 'others' })).STATUS).toBe(
      'CANCELLED',
    );
  });
});

describe('the Google Calendar link', () => {
  it('carries the title and UTC times, and stays short with a long description', () => {
    const url = new URL(googleCalendarLink({ ...base, description: 'é'.repeat(1_000) }, 'others'));
    expect(url.searchParams.get('text')).toBe(base.title);
    expect(url.searchParams.get('dates')).toBe('20261203T180000Z/20261203T193000Z');
    expect(url.href.length).toBeLessThanOrEqual(1_500);
  });

  it('stays within its length with a long title and a long link, as its message must (2,000 characters)', () => {
    const link = `https://meet.example.org/${'%E2%9C%93'.repeat(54)}`;
    const url = googleCalendarLink({ ...base, title: '静'.repeat(100), link, description: 'x'.repeat(900) }, 'others');
    expect(url.length).toBeLessThanOrEqual(1_500);
    expect(new URL(url).searchParams.get('dates')).toBe('20261203T180000Z/20261203T193000Z');
  });

  it('keeps a long meeting link whole, shortening the description and the title first', () => {
    // A Teams link of 435 characters, within /fireside's 500 (found by a read-only review: it was cut or dropped).
    const link = `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${'N2Y4ZjQ1'.repeat(30)}%40thread.v2/0?context=${'a1b2c3d4'.repeat(16)}`;
    const description = `Bring tea. ${'We sit together in silence first. '.repeat(20)}`;
    const url = new URL(googleCalendarLink({ ...base, title: '静'.repeat(100), link, description }, 'going'));
    expect(url.href.length).toBeLessThanOrEqual(1_500);
    expect(url.searchParams.get('details')).toContain(link);
    expect(url.searchParams.get('details')).toMatch(/^Bring tea\. /);
    expect(url.searchParams.get('text')).toMatch(/^静+…$/);
  });

  it('gives up the place, a copy of the link, before cutting the title or the description', () => {
    const link = `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${'N2Y4ZjQ1'.repeat(30)}%40thread.v2/0?context=${'a1b2c3d4'.repeat(16)}`;
    const title = 'Грусть и зима: как мы проживаем утрату вместе, тихо, по-доброму и без спешки, у огня';
    const description = 'Bring tea. '.repeat(10).trim();
    const url = new URL(googleCalendarLink({ ...base, title, link, description }, 'going'));
    expect(url.href.length).toBeLessThanOrEqual(1_500);
    expect(url.searchParams.get('text')).toBe(title);
    expect(url.searchParams.get('details')).toBe(`${description}\n\n${link}`);
    expect(url.searchParams.get('location')).toBeNull();
  });
});
