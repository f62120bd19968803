import { type CommandOption, IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, replyText, startClockedHarness } from '../support/harness.js';

/** A Monday; the tests move the clock and tick the scheduler themselves. */
let clock = Date.parse('2030-06-10T09:00:00Z');
const sec = (iso: string) => Date.parse(iso) / 1_000;

interface OccurrenceRow {
  id: number;
  title: string;
  description: string | null;
  link: string | null;
  starts_at: number;
  message_id: string | null;
}

describe('/fireside series edit through the real bot', () => {
  let harness: Harness;
  let seriesId = 0;
  beforeAll(async () => {
    harness = await startClockedHarness(() => clock);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const deps = () => harness.app.deps;
  const command = (subcommand: string, options: CommandOption[], group?: string, userId: string = IDS.moderator) =>
    harness.emulator.command({ name: 'fireside', group, subcommand, options, userId, channelId: IDS.general });
  const edit = (options: CommandOption[], userId?: string) =>
    command('edit', [{ name: 'series', value: String(seriesId) }, ...options], 'series', userId);
  const text = async (options: CommandOption[]) => replyText(harness.emulator, await edit(options));
  const occurrences = () =>
    deps()
      .db.prepare<[number], OccurrenceRow>(
        "SELECT id, title, description, link, starts_at, message_id FROM discussions WHERE series_id = ? AND status = 'scheduled' ORDER BY starts_at",
      )
      .all(seriesId);
  const announceWork = (id: number) =>
    deps()
      .scheduling.work.forDiscussion(id)
      .find((w) => w.kind === 'announce');

  it('carries changed details to the occurrence not announced yet, in place, keeping what was edited on it', async () => {
    const created = await command(
      'create',
      [
        { name: 'title', value: 'Weekly circle' },
        { name: 'schedule', value: '0 19 * * 4' },
      ],
      'series',
    );
    expect(await replyText(harness.emulator, created)).toMatch(/^Created the series/);
    seriesId = deps().scheduling.series.listByGuild(IDS.guild)[0]?.id ?? 0;
    const [first] = occurrences();
    expect(first).toMatchObject({ starts_at: Date.parse('2030-06-13T19:00:00Z'), message_id: null });
    const id = first?.id ?? 0;
    const announce = announceWork(id);

    const refused = await edit([{ name: 'title', value: 'Hijacked' }], IDS.member);
    expect(refused.ephemeral).toBe(true);
    expect(refused.callback?.data.content).toMatch(/Only moderators/);
    expect(deps().scheduling.series.get(seriesId)?.title).toBe('Weekly circle');

    // A moderator moves this one occurrence an hour later and gives it a link of its own.
    const moved = await command('edit', [
      { name: 'event', value: String(id) },
      { name: 'start', value: '2030-06-13 20:00' },
      { name: 'link', value: 'https://meet.example.org/special' },
    ]);
    expect(await replyText(harness.emulator, moved)).toMatch(/^Updated/);

    expect(
      await text([
        { name: 'title', value: 'Thursday circle' },
        { name: 'description', value: 'Bring a blanket.' },
      ]),
    ).toBe(
      `Updated the series **Thursday circle** (#${seriesId}): title, description.\nNot announced yet, so changed too: 1 occurrence.`,
    );
    // In place: the same row, its own start and link kept, no second occurrence at the series' 19:00.
    expect(occurrences()).toEqual([
      {
        id,
        title: 'Thursday circle',
        description: 'Bring a blanket.',
        link: 'https://meet.example.org/special',
        starts_at: Date.parse('2030-06-13T20:00:00Z'),
        message_id: null,
      },
    ]);
    expect(announceWork(id)).toMatchObject({ state: 'pending', dueAt: announce?.dueAt });

    // Given again, the same title is no change: nothing is written.
    expect(await text([{ name: 'title', value: 'Thursday circle' }])).toBe(
      `Nothing changed in **Thursday circle** (#${seriesId}): it already has those details.`,
    );
  });

  it('makes the occurrence not announced yet again at a new time, and says what did not carry over', async () => {
    expect(await text([{ name: 'schedule', value: '0 18 * * 4' }])).toBe(
      [
        `Updated the series **Thursday circle** (#${seriesId}): schedule.`,
        `\`0 18 * * 4\` in UTC, announced 3d ahead. Next: <t:${sec('2030-06-13T18:00:00Z')}:F>, <t:${sec('2030-06-20T18:00:00Z')}:F>, <t:${sec('2030-06-27T18:00:00Z')}:F>.`,
        'Not announced yet, so dropped and made again at the new times: 1 occurrence (changes made to it with `/fireside edit` do not carry over).',
      ].join('\n'),
    );
    const [made] = occurrences();
    expect(made).toMatchObject({ title: 'Thursday circle', link: null, starts_at: Date.parse('2030-06-13T18:00:00Z') });
    expect(announceWork(made?.id ?? 0)).toMatchObject({ state: 'pending', dueAt: Date.parse('2030-06-10T18:00:00Z') });
  });

  it('moves the series after the discussion members have seen, which keeps its details: no second one that week', async () => {
    clock = Date.parse('2030-06-10T18:00:05Z');
    await harness.app.scheduler.tick();
    const [announced] = occurrences();
    expect(announced?.message_id).toBeTruthy();

    expect(
      await text([
        { name: 'schedule', value: '0 18 * * 5' },
        { name: 'timezone', value: 'Europe/London' },
        { name: 'announce-before', value: '2d' },
      ]),
    ).toBe(
      [
        `Updated the series **Thursday circle** (#${seriesId}): timezone, schedule, announce-before.`,
        `\`0 18 * * 5\` in Europe/London, announced 2d ahead. Next: <t:${sec('2030-06-21T17:00:00Z')}:F>, <t:${sec('2030-06-28T17:00:00Z')}:F>, <t:${sec('2030-07-05T17:00:00Z')}:F>.`,
        'Already seen by members (announced or answered), so kept as it was and still taking place; the new schedule starts after it: 1 discussion. Change it with `/fireside edit` if needed.',
      ].join('\n'),
    );
    // Friday the 14th would be a second meeting in the week of the announced Thursday: not made.
    expect(occurrences()).toEqual([announced]);

    // The list and a resume name the starts members will meet at: the announced Thursday, then the new Fridays.
    const listed = await replyText(harness.emulator, await command('list', [], 'series'));
    expect(listed).toContain(`next <t:${sec('2030-06-13T18:00:00Z')}:F>`);
    const series = [{ name: 'series', value: String(seriesId) }];
    expect(await replyText(harness.emulator, await command('pause', series, 'series'))).toBe(
      `Paused **Thursday circle** (#${seriesId}); dropped 0 occurrences not announced yet. Still taking place, as members have seen it (announced or answered): 1 discussion; cancel with \`/fireside cancel\` if needed.`,
    );
    expect(await replyText(harness.emulator, await command('list', [], 'series'))).toContain(
      `(Europe/London) · announced 2d ahead · paused · next <t:${sec('2030-06-13T18:00:00Z')}:F>`,
    );
    expect(await replyText(harness.emulator, await command('resume', series, 'series'))).toBe(
      `Resumed **Thursday circle** (#${seriesId}). Next three: <t:${sec('2030-06-13T18:00:00Z')}:F>, <t:${sec('2030-06-21T17:00:00Z')}:F>, <t:${sec('2030-06-28T17:00:00Z')}:F>.`,
    );
    expect(occurrences()).toEqual([announced]);
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
