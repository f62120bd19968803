import { describe, expect, it } from 'vitest';
import type { MemberData } from '../../src/privacy/member-data-store.js';
import { memberDataJson, memberDataText } from '../../src/privacy/views/member-data.js';

const T0 = Date.parse('2030-06-10T09:00:00Z');

function lots(rsvps: number, questions: number, interests: number): MemberData {
  return {
    rsvps: Array.from({ length: rsvps }, (_, i) => ({
      discussionId: i + 1,
      title: `Circle ${i} ${'t'.repeat(90)}`,
      startsAt: T0 + i * 86_400_000,
      timezone: 'UTC',
      discussionStatus: 'scheduled' as const,
      answer: 'going' as const,
      firstAnsweredAt: T0,
      answerSince: T0,
    })),
    questions: Array.from({ length: questions }, (_, i) => ({
      discussionId: 1,
      discussionTitle: `Circle ${'t'.repeat(95)}`,
      askedAt: T0,
      text: `Question ${i} ${'w'.repeat(990)}`,
    })),
    reminders: { on: false, since: T0 },
    interests: Array.from({ length: interests }, (_, i) => ({ slug: `page-${i}`, since: T0 })),
    deliveries: { reminders: 3, moderatorReminders: 1, mentionsOwed: 2, promotionNotices: 0 },
    dm: { channelId: '700000000000000001', closedSince: T0, erasable: true },
  };
}
const title = (slug: string) => `Page ${slug} ${'p'.repeat(80)}`;

describe("/privacy show's message", () => {
  it('fits in 2,000 characters, cutting the longest lists with "and N more", while the file has everything', () => {
    const data = lots(40, 30, 25);
    const text = memberDataText(data, title);
    expect(text.length).toBeLessThanOrEqual(2_000);
    const shown = (heading: string) => {
      const section = text.split(`**${heading}**`)[1]?.split('\n**')[0] ?? '';
      const more = Number(/…and (\d+) more/.exec(section)?.[1] ?? 0);
      return section.split('\n').filter((line) => line.startsWith('• ') && !line.includes('…and')).length + more;
    };
    expect(shown('Your RSVPs')).toBe(40);
    expect(shown('Questions you asked under your name')).toBe(30);
    expect(shown('Topics you would join a discussion on')).toBe(25);
    expect(text).toContain('**Your RSVPs** (40)');
    expect(text).toMatch(/Anonymous questions cannot be listed/);
    expect(text).toContain('**Reminders**: off');

    const json = JSON.parse(memberDataJson(data, { guildId: 'g', userId: 'u', now: T0 }, title));
    expect(json.rsvps).toHaveLength(40);
    expect(json.questionsUnderYourName).toHaveLength(30);
    expect(json.questionsUnderYourName[0].text).toHaveLength(data.questions[0]?.text.length ?? 0);
    expect(json.topicInterests).toHaveLength(25);
  });

  it('lists short ones whole', () => {
    const text = memberDataText(lots(2, 1, 1), title);
    expect(text).not.toContain('more (in the attached file)');
    expect(text).toContain('**Your RSVPs** (2)');
  });
});
