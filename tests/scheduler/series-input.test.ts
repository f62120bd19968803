import { ChannelType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { GuildSettings } from '../../src/firesides/types.js';
import { type SeriesOptions, validateSeriesInput } from '../../src/scheduler/series-input.js';
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
  capacity: null,
  timezone: null,
  channel: null,
  reminders: null,
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
