import { ChannelType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { GuildSettings } from '../../src/firesides/types.js';
import { type SeriesOptions, validateSeriesEdit, validateSeriesInput } from '../../src/series/series-input.js';
import type { Series } from '../../src/series/series-store.js';
import { guildSettings } from '../support/guild-settings.js';

const NOW = new Date('2030-06-10T09:00:00Z');
const settings = (overrides: Partial<GuildSettings> = {}) => guildSettings({ timezone: 'UTC', ...overrides });
const options = (overrides: Partial<SeriesOptions> = {}): SeriesOptions => ({
  title: 'Thursday fireside',
  schedule: '0 19 * * 4',
  announceBefore: null,
  description: null,
  duration: null,
  facilitatorId: null,
  location: null,
  link: null,
  linkFor: null,
  capacity: null,
  timezone: null,
  channel: null,
  reminders: null,
  topic: null,
  ...overrides,
});

describe('validateSeriesInput', () => {
  it('fills the defaults and keeps "no channel" as the server’s channel at announcement time', () => {
    expect(
      validateSeriesInput(options({ description: '  ', link: ' https://meet.example.org/x ' }), settings(), NOW),
    ).toMatchObject({
      title: 'Thursday fireside',
      description: null,
      link: 'https://meet.example.org/x',
      durationMinutes: 60,
      announceBeforeMinutes: 3 * 1_440,
      channelId: null,
      timezone: 'UTC',
      next: [
        Date.parse('2030-06-13T19:00:00Z'),
        Date.parse('2030-06-20T19:00:00Z'),
        Date.parse('2030-06-27T19:00:00Z'),
      ],
    });
  });

  // The same checks and words as /fireside schedule (src/firesides/input.ts), not a copy of them.
  it.each<[string, Partial<SeriesOptions>, Partial<GuildSettings>, RegExp]>([
    ['blank title', { title: '  ' }, {}, /title is empty\. Give the series a title/],
    ['long title', { title: 'x'.repeat(101) }, {}, /title is 101 characters/],
    ['long description', { description: 'd'.repeat(1_001) }, {}, /description is 1001/],
    ['zero duration', { duration: 0 }, {}, /duration is in minutes, from 1 to 1440/],
    ['zero capacity', { capacity: 0 }, {}, /capacity must be at least 1/],
    ['javascript link', { link: 'javascript:alert(1)' }, {}, /must be a web address/],
    ['text channel as location', { location: { id: '1', type: ChannelType.GuildText } }, {}, /not a voice or stage/],
    [
      'voice channel for announcements',
      { channel: { id: '1', type: ChannelType.GuildVoice } },
      {},
      /not a text channel/,
    ],
    ['no announcement channel', {}, { announcementChannelId: null }, /no announcement channel yet/],
  ])('refuses %s', (_what, bad, server, message) => {
    expect(() => validateSeriesInput(options(bad), settings(server), NOW)).toThrow(message);
  });
});

describe('validateSeriesEdit', () => {
  const series: Series = {
    id: 7,
    guildId: '100000000000000001',
    title: 'Thursday fireside',
    description: 'Come as you are.',
    cron: '0 19 * * 4',
    timezone: 'UTC',
    announceBeforeMinutes: 3 * 1_440,
    durationMinutes: 60,
    facilitatorId: null,
    locationChannelId: null,
    link: null,
    linkFor: 'everyone',
    capacity: null,
    channelId: null,
    reminders: null,
    topicSlug: null,
    topicTitle: null,
    paused: false,
    createdBy: '500000000000000002',
    createdAt: NOW.getTime(),
  };
  const edit = (overrides: Partial<SeriesOptions>, server: Partial<GuildSettings> = {}) =>
    validateSeriesEdit(
      options({ title: null, schedule: null, ...overrides }),
      series,
      settings({ announcementChannelId: '300000000000000002', ...server }),
      NOW,
    );

  it('changes only what differs from the series, with the checks of create, and says what changed', () => {
    expect(edit({ title: ' Thursday circle ', capacity: 12, description: 'Come as you are.' })).toEqual({
      patch: { title: 'Thursday circle', capacity: 12 },
      channelId: '300000000000000002',
      rescheduled: false,
      changed: ['title', 'capacity'],
      early: [],
    });
    expect(() => edit({ link: 'ftp://example.org' })).toThrow(/must be a web address/);
    expect(() => edit({})).toThrow(/Nothing to change/);
    // The same value again changes nothing.
    expect(edit({ title: 'Thursday fireside' })).toMatchObject({ patch: {}, changed: [] });
  });

  it('keeps the link for members going only on a series with a link, which its occurrences then take', () => {
    expect(() => edit({ linkFor: 'going' })).toThrow(/the series \*\*Thursday fireside\*\* has no link/);
    const link = 'https://meet.example.org/x';
    expect(edit({ linkFor: 'going', link })).toMatchObject({
      patch: { link, linkFor: 'going' },
      changed: ['link', 'link-for'],
    });
  });

  it('reschedules on a new schedule, zone or lead time, and checks the schedule that results as a whole', () => {
    expect(edit({ schedule: '0 18 * * 5', timezone: 'Europe/London' })).toMatchObject({
      patch: { cron: '0 18 * * 5', timezone: 'Europe/London' },
      rescheduled: true,
      changed: ['timezone', 'schedule'],
    });
    expect(edit({ announceBefore: '2d' })).toMatchObject({ rescheduled: true, changed: ['announce-before'] });
    // Daily, against the series' three-day lead time: each would be announced before the previous one took place.
    expect(() => edit({ schedule: '0 19 * * *' })).toThrow(/`announce-before` is 3d, longer than the 1d/);
    expect(edit({ schedule: '0 19 * * *', announceBefore: '12h' }).patch).toEqual({
      cron: '0 19 * * *',
      announceBeforeMinutes: 720,
    });
    expect(() => edit({ schedule: '0 19 31 2 *' })).toThrow(/never occurs: February has no day 31/);
    expect(() => edit({ timezone: 'Mars/Olympus' })).toThrow(/Mars\/Olympus/);
  });

  it('names the reminders an earlier announcement would make useless', () => {
    // Announced 12 hours ahead: the server's 24-hour reminder would come before members could answer.
    expect(edit({ announceBefore: '12h' }, { reminders: [1_440, 60] }).early).toEqual([1_440]);
    expect(edit({ reminders: '3d,1h' }).early).toEqual([4_320]);
  });

  it('refuses a channel that is not a text channel, and a series with nowhere to announce', () => {
    expect(() => edit({ channel: { id: '300000000000000001', type: ChannelType.GuildVoice } })).toThrow(
      /not a text channel/,
    );
    expect(() => edit({ title: 'Moved' }, { announcementChannelId: null })).toThrow(/no announcement channel yet/);
    expect(
      edit(
        { title: 'Moved', channel: { id: '300000000000000009', type: ChannelType.GuildText } },
        { announcementChannelId: null },
      ).channelId,
    ).toBe('300000000000000009');
  });
});
