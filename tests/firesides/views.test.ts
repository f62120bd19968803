import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { parseCustomId } from '../../src/discord/custom-id.js';
import { fallbackBatches } from '../../src/firesides/deliver.js';
import type { Discussion, Question, Rsvp } from '../../src/firesides/types.js';
import { announcementView } from '../../src/firesides/views/announcement.js';
import { attendeesView, questionsView, upcomingListView } from '../../src/firesides/views/lists.js';

const longest: Discussion = {
  id: 999_999,
  guildId: '200000000000000001',
  seriesId: null,
  title: 'T'.repeat(100),
  description: 'D'.repeat(1_000),
  startsAt: Date.parse('2030-12-03T18:00:00Z'),
  timezone: 'America/Argentina/ComodRivadavia',
  durationMinutes: 1_440,
  facilitatorId: '50000000000000000000',
  locationChannelId: '30000000000000000003',
  link: `https://example.org/${'p'.repeat(480)}`,
  linkFor: 'everyone',
  capacity: 10_000,
  channelId: '30000000000000000002',
  messageId: '60000000000000000001',
  announcedAt: 0,
  scheduledEventId: null,
  reminders: null,
  topicSlug: null,
  topicTitle: null,
  status: 'cancelled',
  cancelReason: 'R'.repeat(500),
  cancelledAt: 0,
  purgedAt: null,
  keptQuestions: null,
  createdBy: '50000000000000000002',
  createdAt: 0,
  updatedAt: 0,
};
const ZERO = { going: 0, maybe: 0, no: 0, waitlist: 0 };
const user = (n: number) => String(50_000_000_000_000_000_000n + BigInt(n));
const rsvps = (n: number, status: Rsvp['status']): Rsvp[] =>
  Array.from({ length: n }, (_, i) => ({
    discussionId: 1,
    userId: user(i),
    status,
    firstClickedAt: 0,
    statusSince: 0,
    position: i,
  }));

function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

function expectWithinEmbedLimits(embed: APIEmbed | undefined) {
  if (!embed) throw new Error('no embed');
  expectEmbed(embed);
}

function expectEmbed(embed: APIEmbed) {
  expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
  expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4_096);
  expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(25);
  for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1_024);
  expect(embedLength(embed)).toBeLessThanOrEqual(6_000);
}

describe('views stay within Discord limits at the longest inputs', () => {
  it('announcement: one row of five buttons with custom ids that parse back', () => {
    const view = announcementView(
      longest,
      { going: 10_000, maybe: 9_999, no: 1, waitlist: 5_000 },
      '40000000000000000001',
    );
    expectWithinEmbedLimits(view.embeds[0]);
    const row = view.components[0];
    expect(view.components).toHaveLength(1);
    expect(row?.components).toHaveLength(5);
    for (const button of row?.components ?? []) {
      expect('custom_id' in button && button.custom_id.length <= 100 && parseCustomId(button.custom_id)).toBeTruthy();
      expect(button.disabled).toBe(true);
    }
    // Cancelled announcements do not ping the role again.
    expect(view.content).toBeUndefined();
  });

  it('announcement with a topic: the topic named, and Read: <title> on a row of its own, its label within 80', () => {
    const topic = { slug: 'a'.repeat(64), title: 'T'.repeat(100) };
    const view = announcementView(
      { ...longest, status: 'scheduled', topicSlug: topic.slug, topicTitle: topic.title },
      { going: 10_000, maybe: 9_999, no: 1, waitlist: 5_000 },
      null,
      topic,
    );
    expectWithinEmbedLimits(view.embeds[0]);
    expect(view.embeds[0]?.fields?.find((f) => f.name === 'Topic')?.value).toBe(topic.title);
    expect(view.components).toHaveLength(2);
    const [read] = view.components[1]?.components ?? [];
    expect(read && 'label' in read && read.label?.length).toBeLessThanOrEqual(80);
    expect(read && 'custom_id' in read && parseCustomId(read.custom_id)).toEqual({ kind: 'read', args: [topic.slug] });
    // A page gone from the library: the topic stays as text, without the button.
    const gone = announcementView({ ...longest, topicSlug: topic.slug, topicTitle: topic.title }, ZERO, null);
    expect(gone.components).toHaveLength(1);
    expect(gone.embeds[0]?.fields?.find((f) => f.name === 'Topic')?.value).toBe(topic.title);
  });

  it('attendees: pages of at most 40 lines, in RSVP order, with paging ids that parse back', () => {
    const groups = {
      going: rsvps(150, 'going'),
      maybe: rsvps(30, 'maybe'),
      waitlist: rsvps(20, 'waitlist'),
      no: rsvps(5, 'no'),
    };
    const first = attendeesView(longest, groups, 0);
    expectWithinEmbedLimits(first.embeds[0]);
    const lines = first.embeds[0]?.description?.split('\n') ?? [];
    expect(lines.slice(0, 3)).toEqual(['**Going (150 / 10000)**', `1. <@${user(0)}>`, `2. <@${user(1)}>`]);
    const ids = first.components[0]?.components.map((b) => ('custom_id' in b ? b.custom_id : '')) ?? [];
    expect(new Set(ids).size).toBe(2);
    expect(ids.every((id) => parseCustomId(id)?.kind === 'attendees')).toBe(true);
    const last = attendeesView(longest, groups, 99);
    expect(last.embeds[0]?.footer?.text).toMatch(/page 6 of 6/);
    expect(last.embeds[0]?.description).toContain(`5. <@${user(4)}>`);
  });

  it('questions: as many as fit in the embed, all of them in the attached file', () => {
    const questions: Question[] = Array.from({ length: 30 }, (_, i) => ({
      id: i,
      discussionId: 1,
      userId: i % 2 === 0 ? null : user(i),
      anonymous: i % 2 === 0,
      text: `Q${i} ${'w'.repeat(990)}`,
      askedAt: i,
    }));
    const { embed, file } = questionsView(longest, questions);
    expectWithinEmbedLimits(embed);
    expect(embed.description).toMatch(/more in the attached file/);
    expect(file?.split('\n\n')).toHaveLength(30);
  });

  it('lists: 10 discussions fit in one embed', () => {
    const entries = Array.from({ length: 25 }, () => ({
      discussion: longest,
      counts: { going: 1, maybe: 2, no: 3, waitlist: 4 },
      mine: 'waitlist' as const,
    }));
    expectWithinEmbedLimits(upcomingListView(entries, 'Upcoming', 'none'));
  });
});

describe('DM fallback batches', () => {
  it('splits mentions into messages under 2,000 characters and 100 mentions, each member once', () => {
    const ids = Array.from({ length: 250 }, (_, i) => user(i));
    const batches = fallbackBatches(ids, 'x'.repeat(1_900));
    for (const batch of batches) {
      expect(batch.content.length).toBeLessThanOrEqual(2_000);
      expect(batch.userIds.length).toBeLessThanOrEqual(100);
      expect(batch.content.startsWith(batch.userIds.map((id) => `<@${id}>`).join(' '))).toBe(true);
    }
    expect(batches.flatMap((b) => b.userIds)).toEqual(ids);
    expect(fallbackBatches(ids.slice(0, 150), 'short')).toHaveLength(2);
  });
});
