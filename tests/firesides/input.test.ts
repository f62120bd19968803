import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { openDatabase } from '../../src/db/open.js';
import { resolveDiscussion } from '../../src/firesides/access.js';
import {
  checkDescription,
  checkDetails,
  checkLink,
  checkReason,
  checkTitle,
  type DiscussionOptions,
  validateEdit,
  validateSchedule,
} from '../../src/firesides/input.js';
import { createFiresideStores } from '../../src/firesides/stores.js';
import type { GuildSettings } from '../../src/firesides/types.js';
import { guildSettings } from '../support/guild-settings.js';

const NOW = new Date('2026-03-20T10:00:00Z');
const settings = (overrides: Partial<GuildSettings> = {}) => guildSettings({ timezone: 'Europe/Paris', ...overrides });
const options = (overrides: Partial<DiscussionOptions> = {}): DiscussionOptions => ({
  title: 'Grief and winter',
  start: '2026-12-03 19:00',
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

describe('validateSchedule', () => {
  it('reads the start in the given zone, else the server’s, with defaults', () => {
    expect(validateSchedule(options(), settings(), NOW)).toMatchObject({
      startsAt: Date.parse('2026-12-03T18:00:00Z'),
      timezone: 'Europe/Paris',
      durationMinutes: 60,
      channelId: '300000000000000002',
      reminders: null,
    });
    const tokyo = validateSchedule(options({ timezone: 'Asia/Tokyo', reminders: '2h' }), settings(), NOW);
    expect(tokyo).toMatchObject({ startsAt: Date.parse('2026-12-03T10:00:00Z'), reminders: [120] });
  });

  it.each<[string, Partial<DiscussionOptions>, Partial<GuildSettings>, RegExp]>([
    ['long title', { title: 'x'.repeat(101) }, {}, /title is 101 characters/],
    ['blank title', { title: '   ' }, {}, /title is empty/],
    ['long description', { description: 'd'.repeat(1_001) }, {}, /description is 1001/],
    ['zero duration', { duration: 0 }, {}, /duration/],
    ['long duration', { duration: 1_441 }, {}, /duration/],
    ['zero capacity', { capacity: 0 }, {}, /capacity must be at least 1/],
    ['ftp link', { link: 'ftp://example.org' }, {}, /web address/],
    ['javascript link', { link: 'javascript:alert(1)' }, {}, /web address/],
    ['unknown zone', { timezone: 'Mars/Olympus' }, {}, /not a time zone/],
    ['text channel as location', { location: { id: '3', type: 0 } }, {}, /not a voice or stage channel/],
    ['voice channel as announcement channel', { channel: { id: '3', type: 2 } }, {}, /not a text channel/],
    ['no announcement channel', {}, { announcementChannelId: null }, /no announcement channel/],
    ['bad reminders', { reminders: 'soon' }, {}, /not a reminder offset/],
  ])('refuses %s', (_what, bad, server, message) => {
    expect(() => validateSchedule(options(bad), settings(server), NOW)).toThrow(UserError);
    expect(() => validateSchedule(options(bad), settings(server), NOW)).toThrow(message);
  });
});

describe('checkDetails', () => {
  it('refuses a link for members going without a link', () => {
    expect(() => checkDetails(options({ linkFor: 'going' }), settings())).toThrow(
      /`link-for:going` sends the meeting link only to members going, but there is no `link`/,
    );
    const link = 'https://meet.example.org/x';
    expect(checkDetails(options({ linkFor: 'going', link }), settings())).toMatchObject({ link, linkFor: 'going' });
  });

  it('fills the defaults and returns each field cleaned', () => {
    expect(checkDetails(options(), settings())).toEqual({
      description: null,
      timezone: 'Europe/Paris',
      durationMinutes: 60,
      facilitatorId: null,
      locationChannelId: null,
      link: null,
      linkFor: 'everyone',
      capacity: null,
      reminders: null,
      topicSlug: null,
      topicTitle: null,
    });
    const given = options({
      description: '  Bring tea  ',
      timezone: 'Asia/Tokyo',
      duration: 90,
      facilitatorId: '500000000000000003',
      location: { id: '4', type: 2 },
      link: ' https://meet.example.org/x ',
      capacity: 12,
      reminders: '1h',
      topic: { slug: 'ketamine-therapy', title: 'Ketamine Therapy' },
    });
    expect(checkDetails(given, settings())).toEqual({
      description: 'Bring tea',
      timezone: 'Asia/Tokyo',
      durationMinutes: 90,
      facilitatorId: '500000000000000003',
      locationChannelId: '4',
      link: 'https://meet.example.org/x',
      linkFor: 'everyone',
      capacity: 12,
      reminders: [60],
      topicSlug: 'ketamine-therapy',
      topicTitle: 'Ketamine Therapy',
    });
  });
});

describe('validateEdit', () => {
  const stores = createFiresideStores(openDatabase(':memory:'));
  const discussion = stores.discussions.create({
    guildId: '200000000000000001',
    title: 'Grief and winter',
    startsAt: Date.parse('2026-12-03T18:00:00Z'),
    timezone: 'Europe/Paris',
    durationMinutes: 60,
    channelId: '300000000000000002',
    createdBy: '500000000000000002',
    createdAt: NOW.getTime(),
  });
  const none = options({ title: null, start: null });

  it('changes only what is given and says whether members must hear about it', () => {
    expect(validateEdit({ ...none, title: 'New title' }, discussion, NOW)).toEqual({
      patch: { title: 'New title' },
      told: [],
    });
    expect(validateEdit({ ...none, start: '2026-12-04 19:00', link: 'https://x.org' }, discussion, NOW)).toEqual({
      patch: { startsAt: Date.parse('2026-12-04T18:00:00Z'), link: 'https://x.org' },
      told: ['time', 'place'],
    });
    // The same time typed again is not a change anyone needs to hear about.
    expect(validateEdit({ ...none, start: '2026-12-03 19:00' }, discussion, NOW).told).toEqual([]);
  });

  it('refuses an edit that changes nothing', () => {
    expect(() => validateEdit(none, discussion, NOW)).toThrow(/Nothing to change/);
  });

  it('sets a topic as slug and title, and clears both, telling members nothing', () => {
    const topic = { slug: 'ketamine-therapy', title: 'Ketamine Therapy' };
    expect(validateEdit({ ...none, topic }, discussion, NOW)).toEqual({
      patch: { topicSlug: 'ketamine-therapy', topicTitle: 'Ketamine Therapy' },
      told: [],
    });
    expect(validateEdit(none, discussion, NOW, 'topicSlug').patch).toEqual({ topicSlug: null, topicTitle: null });
  });

  it('keeps a link for members going only where there is a link, and never clears theirs', () => {
    expect(() => validateEdit({ ...none, linkFor: 'going' }, discussion, NOW)).toThrow(
      /`link-for:going`.*\*\*Grief and winter\*\* has no link.*Nothing was saved/,
    );
    const link = 'https://meet.example.org/x';
    expect(validateEdit({ ...none, linkFor: 'going', link }, discussion, NOW)).toEqual({
      patch: { link, linkFor: 'going' },
      told: ['place'],
    });
    const privately = { ...discussion, link, linkFor: 'going' as const };
    expect(() => validateEdit(none, privately, NOW, 'link')).toThrow(/clearing it would leave them with none/);
    expect(validateEdit({ ...none, linkFor: 'everyone' }, privately, NOW, 'link').patch).toEqual({
      link: null,
      linkFor: 'everyone',
    });
  });
});

describe('resolveDiscussion', () => {
  const stores = createFiresideStores(openDatabase(':memory:'));
  const deps = { firesides: stores };
  const mine = stores.discussions.create({
    guildId: '200000000000000001',
    title: 'Ours',
    startsAt: NOW.getTime() + 86_400_000,
    timezone: 'UTC',
    durationMinutes: 60,
    channelId: '300000000000000002',
    createdBy: '500000000000000002',
    createdAt: NOW.getTime(),
  });

  it('finds this server’s discussions by id', () => {
    expect(resolveDiscussion(deps, '200000000000000001', String(mine.id)).title).toBe('Ours');
    expect(resolveDiscussion(deps, '200000000000000001', mine.id).title).toBe('Ours');
  });

  it.each([String(1), 'Ours', '1e3', '-1', '99999999999999999999'])(
    'refuses %j from another server or not an id',
    (value) => {
      expect(() => resolveDiscussion(deps, '200000000000000002', value)).toThrow(
        /not a Fireside Discussion of this server/,
      );
    },
  );

  it('refuses a typed title with the hint', () => {
    expect(() => resolveDiscussion(deps, '200000000000000001', 'Ours')).toThrow(/Pick a discussion from the list/);
  });
});

describe('checkLink', () => {
  it('keeps a web address as typed and refuses one with a space in it', () => {
    expect(checkLink(' https://meet.example.org/fireside ')).toBe('https://meet.example.org/fireside');
    expect(() => checkLink('https://meet.example.org/a b')).toThrow(/space/);
    expect(() => checkLink('javascript:alert(1)')).toThrow(UserError);
  });
});

describe('text that shows nothing', () => {
  it.each([
    ['zero-width spaces', '\u200b\u200b\u200b'],
    ['a NUL', '\u0000'],
    ['joiners and a byte-order mark', '\u200d\u2060\ufeff'],
    ['Hangul fillers and a braille blank', '\u3164\u115f\u2800'],
    ['a combining accent alone', '\u0301'],
  ])('refuses a title made of %s', (_, title) => {
    expect(() => checkTitle(title)).toThrow(UserError);
    expect(() => checkTitle(title)).toThrow(/empty|shows nothing/);
  });

  it('keeps a visible title, without its control characters, and emoji joined by zero-width joiners', () => {
    expect(checkTitle(' Grief\u0000 circle ')).toBe('Grief circle');
    expect(checkTitle('👩‍👩‍👧 Family circle')).toBe('👩‍👩‍👧 Family circle');
  });

  it('takes a description or a reason that shows nothing as none', () => {
    expect(checkDescription('\u200b \u0000')).toBeNull();
    expect(checkDescription('Line one\nline two\u0000')).toBe('Line one\nline two');
    expect(checkReason('\u200b')).toBeNull();
    expect(checkReason(null)).toBeNull();
    expect(checkReason(' The facilitator is ill. ')).toBe('The facilitator is ill.');
  });

  it('refuses a reason longer than the announcement can show, whatever the option allowed', () => {
    expect(() => checkReason('x'.repeat(501))).toThrow(
      /The reason is 501 characters long; keep it to 500\. Nothing was cancelled/,
    );
    expect(checkReason('x'.repeat(500))).toHaveLength(500);
  });
});
