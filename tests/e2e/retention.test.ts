import {
  type CommandOption,
  defaultGuild,
  type EmulatedMessage,
  IDS,
  type InteractionResult,
  secondGuild,
} from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshAnnouncement } from '../../src/firesides/announce.js';
import type { Discussion } from '../../src/firesides/index.js';
import { componentsOf, fieldOf } from '../support/components.js';
import { type Harness, replyText as replyTextOf, startClockedHarness } from '../support/harness.js';

const at = (iso: string) => Date.parse(iso);
const DAY = 86_400_000;
/** A Monday. The bot's and Discord's clock: tests move it and tick the scheduler themselves. */
let clock = at('2030-07-01T12:00:00Z');

describe('retention through the real bot: who answered and asked goes, the counts stay', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startClockedHarness(
      () => clock,
      { reminders: [60], reminderDelivery: 'dm', remindMaybe: true },
      { emulator: { guilds: [defaultGuild(), secondGuild()] } },
    );
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;
  const deps = () => harness.app.deps;
  const db = () => deps().db;
  const tick = () => harness.app.scheduler.tick();
  const replyText = (result: InteractionResult) => replyTextOf(emulator(), result);
  const discussion = (id: number) => deps().firesides.discussions.get(id) as Discussion;
  const count = (table: string, id: number) =>
    (db().prepare(`SELECT count(*) AS n FROM ${table} WHERE discussion_id = ?`).get(id) as { n: number }).n;
  const hasDmChannel = (userId: string) => deps().firesides.dmChannels.get(userId) !== undefined;

  const setup = (options: CommandOption[], guildId: string = IDS.guild) =>
    emulator().command({
      name: 'setup',
      userId: IDS.admin,
      guildId,
      channelId: guildId === IDS.guild ? IDS.general : IDS.secondGeneral,
      options,
    });
  const fireside = (subcommand: string, options: CommandOption[], userId: string = IDS.moderator) =>
    emulator().command({ name: 'fireside', subcommand, options, userId, channelId: IDS.general });
  const announcementOf = (id: number) =>
    emulator()
      .channelMessages(IDS.announcements)
      .find((m) => m.id === discussion(id).messageId) as EmulatedMessage;
  const click = (id: number, label: string, userId: string) => {
    const message = announcementOf(id);
    const button = componentsOf(message).find((c) => c.label === label);
    return emulator().click({ message, customId: button?.custom_id as string, userId });
  };

  async function schedule(title: string, start: string, more: CommandOption[] = []): Promise<number> {
    const result = await fireside('schedule', [
      { name: 'title', value: title },
      { name: 'start', value: start },
      { name: 'location', value: IDS.voice, type: 7 },
      ...more,
    ]);
    const text = await replyText(result);
    expect(text).toMatch(/^Scheduled/);
    const id = Number(/#(\d+)/.exec(text)?.[1]);
    await emulator().waitFor(() => discussion(id).messageId && announcementOf(id), { what: 'the announcement' });
    return id;
  }

  async function ask(id: number, userId: string, question: string) {
    const opened = await click(id, 'Ask a question', userId);
    const answer = await emulator().submitModal({
      customId: opened.callback?.data.custom_id as string,
      userId,
      fields: { question, show_name: true },
    });
    expect(answer.callback?.data.content).toMatch(/passed on with your name/);
  }

  it('/setup retention: shows the default, keeps 1 to 365 days, refuses 0, 9999 and text in words, changing nothing', async () => {
    const shown = await setup([]);
    expect(fieldOf(shown.callback?.data.embeds[0], 'Retention')).toBe(
      '30 days (default) after a discussion ends or is cancelled',
    );
    for (const value of [0, 9999]) {
      const refused = await setup([{ name: 'retention', value, type: 4 }]);
      expect(refused.ephemeral).toBe(true);
      expect(await replyText(refused)).toMatch(/^Retention is a whole number of days from 1 to 365/);
    }
    // Discord's client sends only whole numbers in range; a forged request may send anything, as any type.
    for (const forged of [
      { name: 'retention', value: 'abc', type: 4 },
      { name: 'retention', value: 'abc' },
    ]) {
      const refused = await setup([forged]);
      expect(refused.ephemeral).toBe(true);
      expect(await replyText(refused)).toBe('`retention` is a whole number.');
    }
    expect(deps().firesides.settings.get(IDS.guild)).toMatchObject({ retentionDays: 30, retentionIsDefault: true });

    const saved = await setup([{ name: 'retention', value: 14, type: 4 }]);
    expect(saved.callback?.data.content).toBe('Settings saved.');
    expect(fieldOf(saved.callback?.data.embeds[0], 'Retention')).toBe(
      '14 days after a discussion ends or is cancelled',
    );
    expect(saved.callback?.data.allowed_mentions).toEqual({ parse: [] });
    const cleared = await setup([{ name: 'clear', value: 'retention' }]);
    expect(fieldOf(cleared.callback?.data.embeds[0], 'Retention')).toMatch(/^30 days \(default\)/);
    // Another server's own setting.
    await setup([{ name: 'retention', value: 60, type: 4 }], IDS.secondGuild);
    expect(deps().firesides.settings.get(IDS.secondGuild).retentionDays).toBe(60);
    expect(deps().firesides.settings.get(IDS.guild).retentionDays).toBe(30);
  });

  let grief: number;
  let ahead: number;
  let cancelled: number;
  let elsewhere: number;

  it('purges a discussion 30 days after it ends and one 30 days after it is cancelled, and nothing before', async () => {
    clock = at('2030-07-01T12:00:00Z');
    grief = await schedule('Grief circle', '2030-07-02 10:00', [{ name: 'capacity', value: 1, type: 4 }]);
    await click(grief, 'Going', IDS.member);
    await click(grief, 'Going', IDS.admin); // full: the waitlist
    await click(grief, 'Maybe', IDS.moderator);
    await ask(grief, IDS.member, 'Can I come late?');
    // Ahead at the purge: the member's DM channel stays for its reminders.
    ahead = await schedule('August circle', '2030-08-10 10:00');
    await click(ahead, 'Going', IDS.member);
    cancelled = await schedule('Cancelled circle', '2030-08-20 10:00');
    await click(cancelled, 'Going', IDS.admin);
    expect(await replyText(await fireside('cancel', [{ name: 'event', value: String(cancelled) }]))).toMatch(
      /cancelled/i,
    );
    // In the second server (retention 60 days), ended at the same time as the grief circle.
    const other = deps().firesides.discussions.create({
      guildId: IDS.secondGuild,
      title: 'Second server circle',
      startsAt: at('2030-07-02T10:00:00Z'),
      timezone: 'UTC',
      durationMinutes: 60,
      channelId: IDS.secondGeneral,
      createdBy: IDS.admin,
      createdAt: clock,
    });
    elsewhere = other.id;
    deps().firesides.rsvps.set(elsewhere, IDS.secondMember, 'going', clock);

    clock = at('2030-07-02T09:00:05Z'); // the reminder: Going and Maybe members by DM
    expect(await tick()).toMatchObject({ sent: 1 });
    expect(count('work_recipients', grief)).toBe(2);
    expect(hasDmChannel(IDS.member) && hasDmChannel(IDS.moderator)).toBe(true);
    const reminder = emulator()
      .dmMessages(IDS.member)
      .find((m) => m.content.includes('Reminder') && JSON.stringify(m.components).includes(`cant:${grief}`));

    // The cancelled one went 30 days after its cancel, weeks before it would have taken place.
    clock = at('2030-07-31T12:00:00Z');
    expect((await tick()).purged).toMatchObject({ discussions: 1 });
    expect(discussion(cancelled).purgedAt).toBe(clock);
    expect(count('rsvps', cancelled)).toBe(0);

    clock = at('2030-08-01T10:59:59Z'); // a second short of 30 days after the grief circle ended
    expect((await tick()).purged).toMatchObject({ discussions: 0 });
    expect(count('rsvps', grief)).toBe(3);

    clock = at('2030-08-01T11:00:00Z');
    expect((await tick()).purged).toMatchObject({ discussions: 1 });
    expect([count('rsvps', grief), count('questions', grief), count('work_recipients', grief)]).toEqual([0, 0, 0]);
    expect(discussion(grief)).toMatchObject({ purgedAt: clock, keptQuestions: 1 });
    // Inside its window, in the other server: untouched.
    expect(count('rsvps', elsewhere)).toBe(1);
    expect(deps().firesides.rsvps.get(ahead, IDS.member)?.status).toBe('going');
    // DM channels: the member has a discussion ahead; the moderator and the admin have nothing.
    expect(hasDmChannel(IDS.member)).toBe(true);
    expect(hasDmChannel(IDS.moderator)).toBe(false);
    expect(hasDmChannel(IDS.admin)).toBe(false);
    // Each purge logged its counts, never a member.
    const lines = harness.logs.filter((line) => line.msg?.startsWith('discussion purged'));
    expect(lines.map(({ going, maybe, waitlisted, questions }) => ({ going, maybe, waitlisted, questions }))).toEqual([
      { going: 1, maybe: 0, waitlisted: 0, questions: 0 }, // the cancelled one: the admin had answered
      { going: 1, maybe: 1, waitlisted: 1, questions: 1 },
    ]);
    for (const userId of [IDS.member, IDS.admin, IDS.moderator]) expect(JSON.stringify(lines)).not.toContain(userId);

    // The other server keeps its 60 days.
    clock = at('2030-08-31T10:59:59Z');
    await tick();
    expect(count('rsvps', elsewhere)).toBe(1);
    clock = at('2030-08-31T11:00:00Z');
    expect((await tick()).purged).toMatchObject({ discussions: 1 });
    expect(count('rsvps', elsewhere)).toBe(0);
    expect(deps().firesides.rsvps.counts(elsewhere).going).toBe(1);

    // The reminder's "Can't make it", long after: out of date, and nothing is written.
    const cant = await emulator().click({
      message: reminder as EmulatedMessage,
      customId: `cant:${grief}`,
      userId: IDS.member,
    });
    expect(cant.ephemeral).toBe(true);
    expect(await replyText(cant)).toMatch(/out of date/);
    expect(count('rsvps', grief)).toBe(0);
  });

  it('shows the kept counts in /fireside info, attendees, questions and the announcement when it is edited again', async () => {
    const kept = 'Going: **1 / 1** · Maybe: **1** · Spots left: **0** · Waitlist: **1**';
    const info = await fireside('info', [{ name: 'event', value: String(grief) }], IDS.member);
    const embed = info.callback?.data.embeds[0];
    expect(fieldOf(embed, 'RSVPs')).toBe(kept);
    expect(fieldOf(embed, 'Kept for the record')).toMatch(/^Counts only \(1 question asked\): who answered/);
    expect(fieldOf(embed, 'Your answer')).toBeUndefined();

    const attendees = await fireside('attendees', [{ name: 'event', value: String(grief) }]);
    const listed = attendees.callback?.data.embeds[0].description as string;
    expect(listed).toContain(`Kept: 1 question asked; ${kept}`);
    expect(listed).not.toContain(IDS.member);
    const questions = await fireside('questions', [{ name: 'event', value: String(grief) }]);
    const asked = questions.callback?.data.embeds[0].description as string;
    expect(asked).toMatch(/^Deleted <t:\d+:D>, after the server's retention period\. Kept: 1 question asked;/);
    expect(asked).not.toContain('Can I come late?');

    await refreshAnnouncement(harness.app.client, deps(), discussion(grief));
    expect(fieldOf(announcementOf(grief).embeds[0], 'RSVPs')).toBe(kept);
  });

  it('answers an RSVP click on a purged discussion clearly and re-creates nothing', async () => {
    for (const label of ['Going', 'Maybe', "Can't go"]) {
      const late = await click(grief, label, IDS.member);
      expect(late.ephemeral).toBe(true);
      expect(await replyText(late)).toMatch(/\*\*Grief circle\*\* has already taken place/);
    }
    expect(count('rsvps', grief)).toBe(0);
    expect(count('rsvp_counts', grief)).toBe(0);
    expect(deps().firesides.rsvps.counts(grief)).toEqual({ going: 1, maybe: 1, no: 0, waitlist: 1 });
  });

  it('rolls back a purge that fails half-way, goes on with the others, and finishes it once after a restart', async () => {
    const ends = clock - 31 * DAY;
    const ids = ['First', 'Second', 'Third'].map((title) => {
      const created = deps().firesides.discussions.create({
        guildId: IDS.guild,
        title,
        startsAt: ends - 60 * 60_000,
        timezone: 'UTC',
        durationMinutes: 60,
        channelId: IDS.announcements,
        createdBy: IDS.moderator,
        createdAt: ends - DAY,
      });
      for (const userId of [IDS.member, IDS.admin]) deps().firesides.rsvps.set(created.id, userId, 'going', ends - DAY);
      return created.id;
    }) as [number, number, number];
    // A fault in the second purge, after its counts were kept and its answer counts deleted: as a crash would be.
    db().exec(`CREATE TEMP TRIGGER fault BEFORE DELETE ON rsvps WHEN old.discussion_id = ${ids[1]}
      BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
    expect((await tick()).purged).toMatchObject({ discussions: 2, failed: 1 });
    expect(ids.map((id) => count('rsvps', id))).toEqual([0, 2, 0]);
    expect(discussion(ids[1]).purgedAt).toBeNull();
    expect(deps().firesides.rsvps.counts(ids[1]).going).toBe(2);
    expect(harness.logs.some((line) => line.msg?.startsWith('purge failed and was rolled back'))).toBe(true);
    const firstPurgedAt = discussion(ids[0]).purgedAt;

    // The process dies; the next one (a new connection: the fault was this one's) purges the rest, once.
    clock += 60_000;
    await harness.restart();
    expect((await tick()).purged).toMatchObject({ discussions: 1, failed: 0 });
    expect(ids.map((id) => count('rsvps', id))).toEqual([0, 0, 0]);
    expect(ids.map((id) => deps().firesides.rsvps.counts(id).going)).toEqual([2, 2, 2]);
    expect(discussion(ids[0]).purgedAt).toBe(firstPurgedAt);
    expect((await tick()).purged).toMatchObject({ discussions: 0, failed: 0 });
  });
});
