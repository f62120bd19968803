import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../../src/emulator/index.js';
import type { CommandOption } from '../../src/emulator/types.js';
import { type Harness, replyText, startHarness } from '../support/harness.js';

/** A Monday; the tests move the clock and tick the scheduler themselves. */
let clock = Date.parse('2030-06-10T09:00:00Z');
const sec = (iso: string) => Date.parse(iso) / 1_000;

describe('/fireside series edit through the real bot', () => {
  let harness: Harness;
  let seriesId = 0;
  beforeAll(async () => {
    harness = await startHarness({
      env: { DEFAULT_TIMEZONE: 'UTC' },
      now: () => new Date(clock),
      scheduler: { cron: false },
    });
    harness.app.deps.firesides.settings.update(IDS.guild, { announcementChannelId: IDS.announcements }, clock);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const deps = () => harness.app.deps;
  const series = (subcommand: string, options: CommandOption[], userId: string = IDS.moderator) =>
    harness.emulator.command({
      name: 'fireside',
      group: 'series',
      subcommand,
      options,
      userId,
      channelId: IDS.general,
    });
  const edit = (options: CommandOption[], userId?: string) =>
    series('edit', [{ name: 'series', value: String(seriesId) }, ...options], userId);
  const occurrences = () =>
    deps()
      .db.prepare<
        [number],
        { id: number; title: string; description: string | null; starts_at: number; message_id: string | null }
      >(
        "SELECT id, title, description, starts_at, message_id FROM discussions WHERE series_id = ? AND status = 'scheduled' ORDER BY starts_at",
      )
      .all(seriesId);

  it('carries new details to the occurrence not announced yet, and refuses members', async () => {
    const created = await series('create', [
      { name: 'title', value: 'Weekly circle' },
      { name: 'schedule', value: '0 19 * * 4' },
    ]);
    expect(await replyText(harness.emulator, created)).toMatch(/^Created the series/);
    seriesId = deps().scheduling.series.listByGuild(IDS.guild)[0]?.id ?? 0;
    const [first] = occurrences();
    expect(first).toMatchObject({
      title: 'Weekly circle',
      starts_at: Date.parse('2030-06-13T19:00:00Z'),
      message_id: null,
    });

    const refused = await edit([{ name: 'title', value: 'Hijacked' }], IDS.member);
    expect(refused.ephemeral).toBe(true);
    expect(refused.callback?.data.content).toMatch(/Only moderators/);
    expect(deps().scheduling.series.get(seriesId)?.title).toBe('Weekly circle');

    const edited = await edit([
      { name: 'title', value: 'Thursday circle' },
      { name: 'description', value: 'Bring a blanket.' },
    ]);
    expect(edited.ephemeral).toBe(true);
    expect(await replyText(harness.emulator, edited)).toBe(
      `Updated the series **Thursday circle** (#${seriesId}): title, description.\n1 occurrence(s) not announced yet follow.`,
    );
    // The same occurrence, in place: its due announcement is untouched.
    expect(occurrences()).toEqual([{ ...first, title: 'Thursday circle', description: 'Bring a blanket.' }]);
  });

  it('moves the series to a new schedule: the next occurrence at the new time, the announced one kept as members saw it', async () => {
    clock = Date.parse('2030-06-10T19:00:05Z');
    await harness.app.scheduler.tick();
    const [announced] = occurrences();
    expect(announced?.message_id).toBeTruthy();

    const moved = await edit([
      { name: 'schedule', value: '0 18 * * 5' },
      { name: 'timezone', value: 'Europe/London' },
      { name: 'announce-before', value: '2d' },
    ]);
    expect(await replyText(harness.emulator, moved)).toBe(
      [
        `Updated the series **Thursday circle** (#${seriesId}): timezone, schedule, announce-before.`,
        `\`0 18 * * 5\` in Europe/London, announced 2d ahead. Next three: <t:${sec('2030-06-14T17:00:00Z')}:F>, <t:${sec('2030-06-21T17:00:00Z')}:F>, <t:${sec('2030-06-28T17:00:00Z')}:F>.`,
        '1 announced discussion(s) keep their details, since members answered what they saw; change each with `/fireside edit` if needed.',
      ].join('\n'),
    );
    expect(occurrences()).toEqual([
      announced,
      expect.objectContaining({
        title: 'Thursday circle',
        starts_at: Date.parse('2030-06-14T17:00:00Z'),
        message_id: null,
      }),
    ]);
    const next = occurrences()[1]?.id ?? 0;
    const announce = deps()
      .scheduling.work.forDiscussion(next)
      .find((w) => w.kind === 'announce');
    expect(announce).toMatchObject({ state: 'pending', dueAt: Date.parse('2030-06-12T17:00:00Z') });
  });

  it('refuses a schedule that meets too often, or a lead time longer than the new interval, and changes nothing', async () => {
    const before = deps().scheduling.series.get(seriesId);
    const tooOften = await edit([{ name: 'schedule', value: '*/5 * * * *' }]);
    expect(tooOften.ephemeral).toBe(true);
    expect(tooOften.callback?.data.content).toMatch(/meets every 5 minutes; a series meets at most once an hour/);
    const daily = await edit([{ name: 'schedule', value: '0 18 * * *' }]);
    expect(daily.callback?.data.content).toMatch(/`announce-before` is 2d, longer than the 1d between two occurrences/);
    const nothing = await edit([]);
    expect(nothing.callback?.data.content).toMatch(/Nothing to change/);
    expect(deps().scheduling.series.get(seriesId)).toEqual(before);
  });
});
