import { type APIApplicationCommandSubcommandGroupOption, ApplicationCommandOptionType } from 'discord.js';
import { UserError } from '../src/core/errors.js';
import { count } from '../src/discord/count.js';
import type { GuildAutocomplete, GuildChatInput } from '../src/discord/guild-interaction.js';
import { ephemeral } from '../src/discord/replies.js';
import { clip, parseIdOption, quoteTyped } from '../src/discord/typed-text.js';
import {
  cancelAndTell,
  checkAnnouncePermissions,
  formatDuration,
  formatOffsets,
  isModerator,
  requireModerator,
  seconds,
  staleCancelledText,
  unheardPingWarning,
  withDeferredReply,
} from '../src/firesides/index.js';
import {
  earlyReminders,
  rareScheduleNote,
  readSeriesOptions,
  type Series,
  type SeriesEdit,
  type SeriesOptionValues,
  validateSeriesEdit,
  validateSeriesInput,
} from '../src/series/index.js';
import type { GroupRoutes } from './command-kit.js';
import type { Deps } from './deps.js';
import { discussionFields } from './fireside-options.js';

const S = ApplicationCommandOptionType;
const field = discussionFields;

const seriesOption = {
  type: S.String,
  name: 'series',
  description: 'The series (pick from the list)',
  required: true,
  autocomplete: true,
  max_length: 100,
} as const;

/** The options of create; edit takes the same, all optional. */
const seriesFields = [
  { ...field.title, required: true },
  {
    type: S.String,
    name: 'schedule',
    // Option descriptions stop at 100 characters: this one carries the one rule that surprises people.
    description: 'Cron, e.g. 0 19 * * 4 = Thu 19:00. Day of month AND day of week must both match',
    required: true,
    max_length: 100,
  },
  { ...field.timezone, description: 'Time zone of the schedule (default: the server’s)' },
  {
    type: S.String,
    name: 'announce-before',
    description: 'How early each is announced, e.g. 3d (default 3d, or less for denser series)',
    max_length: 10,
  },
  field.description,
  field.duration,
  field.facilitator,
  field.location,
  field.link,
  field.capacity,
  { ...field.channel, description: 'Where to announce (default: the announcement channel)' },
  { ...field.reminders, description: 'Reminders before each, e.g. 24h,1h or none' },
] as const;

/** `/fireside series …`, wired into /fireside by commands/fireside.ts. */
export const seriesGroup = {
  type: S.SubcommandGroup,
  name: 'series',
  description: 'Recurring discussions (moderators)',
  options: [
    { type: S.Subcommand, name: 'create', description: 'Create a recurring discussion', options: [...seriesFields] },
    {
      type: S.Subcommand,
      name: 'edit',
      description: 'Change a series: occurrences not announced yet follow, announced ones keep their details',
      options: [seriesOption, ...seriesFields.map((option) => ({ ...option, required: false }))],
    },
    { type: S.Subcommand, name: 'list', description: 'The series of this server (moderators)' },
    { type: S.Subcommand, name: 'pause', description: 'Stop creating occurrences for now', options: [seriesOption] },
    { type: S.Subcommand, name: 'resume', description: 'Start creating occurrences again', options: [seriesOption] },
    {
      type: S.Subcommand,
      name: 'delete',
      description: 'Delete a series',
      options: [
        seriesOption,
        {
          type: S.Boolean,
          name: 'cancel-upcoming',
          description: 'Also cancel its announced upcoming discussions (default: keep them)',
        },
      ],
    },
  ],
} as const satisfies APIApplicationCommandSubcommandGroupOption;

const nextText = (times: number[]) => times.map((at) => `<t:${seconds(at)}:F>`).join(', ');

/** "Next three: …", said plainly when the schedule is rare (29 February): the starts are years apart, or fewer. */
function nextStartsText(series: Pick<Series, 'cron' | 'timezone'>, times: number[], now: number, label: string) {
  const rare = rareScheduleNote(series.cron, series.timezone, now);
  return `${times.length === 3 ? label : 'Next'}: ${nextText(times)}.${rare ? ` ${rare}` : ''}`;
}

function describeSeries(series: Series, deps: Deps, now: number): string {
  // A paused series still has the discussions members have seen.
  const [start] = deps.scheduling.occurrences.nextStarts(series, now, 1);
  const next = [series.paused ? 'paused' : '', start === undefined ? '' : `next <t:${seconds(start)}:F>`]
    .filter(Boolean)
    .join(' · ');
  return `**#${series.id} ${clip(series.title, 80)}** · \`${series.cron}\` (${series.timezone}) · announced ${formatDuration(series.announceBeforeMinutes)} ahead · ${next}`;
}

/** Autocomplete is only a suggestion: the value is checked again here, and another server's series is unknown. */
function resolveSeries(interaction: GuildChatInput, deps: Deps, value: string): Series {
  const id = parseIdOption(value);
  const series = id === undefined ? undefined : deps.scheduling.series.getInGuild(interaction.guildId, id);
  if (!series) {
    throw new UserError(
      `${quoteTyped(value.trim(), 40)} is not a series of this server. Pick one from the list as you type, or see \`/fireside series list\`.`,
    );
  }
  return series;
}

async function create(interaction: GuildChatInput, options: SeriesOptionValues, deps: Deps): Promise<void> {
  requireModerator(interaction, deps);
  const settings = deps.firesides.settings.get(interaction.guildId);
  const { next, ...input } = validateSeriesInput(readSeriesOptions(options), settings, deps.now());
  await withDeferredReply(interaction, deps, async () => {
    const channelId = input.channelId ?? settings.announcementChannelId;
    if (channelId) await checkAnnouncePermissions(interaction.client, interaction.guildId, channelId);
    const now = deps.now().getTime();
    const { series, first } = deps.db.transaction(() => {
      const series = deps.scheduling.series.create({
        ...input,
        guildId: interaction.guildId,
        createdBy: interaction.user.id,
        createdAt: now,
      });
      return { series, first: deps.scheduling.occurrences.ensureUpcoming(series, now) };
    })();
    deps.logger.info({ seriesId: series.id, guildId: series.guildId, occurrences: first.created }, 'series created');
    const early = earlyReminders(series.announceBeforeMinutes, series.reminders ?? settings.reminders);
    const unheard = channelId && (await unheardPingWarning(interaction.client, deps, interaction.guildId, channelId));
    return [
      `Created the series **${series.title}** (#${series.id}): \`${series.cron}\` in ${series.timezone}.`,
      nextStartsText(series, next, now, 'Next three'),
      `Each is announced ${formatDuration(series.announceBeforeMinutes)} ahead in <#${channelId}>. ${remindersText(series.reminders, settings.reminders)}`,
      ...(early.length ? [earlyNote(early, series.announceBeforeMinutes)] : []),
      ...(unheard ? [unheard] : []),
    ].join('\n');
  });
}

async function edit(
  interaction: GuildChatInput,
  options: SeriesOptionValues & { readonly series: string },
  deps: Deps,
): Promise<void> {
  requireModerator(interaction, deps);
  const series = resolveSeries(interaction, deps, options.series);
  const settings = deps.firesides.settings.get(interaction.guildId);
  const change = validateSeriesEdit(readSeriesOptions(options), series, settings, deps.now());
  const { patch, rescheduled, changed } = change;
  if (changed.length === 0) {
    await interaction.reply(
      ephemeral(`Nothing changed in **${series.title}** (#${series.id}): it already has those details.`),
    );
    return;
  }
  await withDeferredReply(interaction, deps, async () => {
    await checkAnnouncePermissions(interaction.client, interaction.guildId, change.channelId);
    const now = deps.now().getTime();
    const { occurrences } = deps.scheduling;
    const result = deps.db.transaction(() => {
      const updated = deps.scheduling.series.update(series.id, patch);
      // A new schedule drops the occurrences members have not seen and makes them at the new times; changed details
      // reach them in place, leaving what a moderator changed on one occurrence in other fields alone.
      const replaced = rescheduled ? occurrences.removeUnseen(series.id, now) : 0;
      const followed = rescheduled ? 0 : occurrences.applyToUnseen(series.id, patch, now);
      // Read before the next occurrence is made: the starts the new schedule has, after those members have seen.
      const next = updated.paused ? [] : occurrences.nextFree(updated, now, 3);
      const made = updated.paused ? undefined : occurrences.ensureUpcoming(updated, now);
      const kept = occurrences.seenUpcoming(series.id, now);
      return { updated, replaced, followed, problem: made?.problem, kept, next };
    })();
    const { updated } = result;
    deps.logger.info({ seriesId: series.id, guildId: series.guildId, changed }, 'series edited');
    const unheard = await unheardPingWarning(interaction.client, deps, interaction.guildId, change.channelId);
    return [
      `Updated the series **${updated.title}** (#${updated.id}): ${changed.join(', ')}.`,
      ...editNotes(change, { ...result, now }),
      ...(unheard ? [unheard] : []),
    ].join('\n');
  });
}

/** What a moderator should know after an edit: where the schedule stands, and what did and did not follow. */
function editNotes(
  edit: SeriesEdit,
  result: {
    updated: Series;
    replaced: number;
    followed: number;
    problem?: string | undefined;
    kept: number[];
    next: number[];
    now: number;
  },
): string[] {
  const { updated } = result;
  const notes: string[] = [];
  if (edit.rescheduled) {
    notes.push(
      updated.paused
        ? `It is paused: \`${updated.cron}\` in ${updated.timezone} applies once you resume it.`
        : `\`${updated.cron}\` in ${updated.timezone}, announced ${formatDuration(updated.announceBeforeMinutes)} ahead. ${nextStartsText(updated, result.next, result.now, 'Next')}`,
    );
    if (result.replaced) {
      notes.push(
        `Not announced yet, so dropped and made again at the new times: ${count(result.replaced, 'occurrence')} (changes made to ${them(result.replaced)} with \`/fireside edit\` do not carry over).`,
      );
    }
  } else if (result.followed) {
    notes.push(`Not announced yet, so changed too: ${count(result.followed, 'occurrence')}.`);
  }
  const kept = result.kept.length;
  if (kept) {
    const still = edit.rescheduled ? ` and still taking place; the new schedule starts after ${them(kept)}` : '';
    notes.push(
      `Already seen by members (announced or answered), so kept as ${kept === 1 ? 'it was' : 'they were'}${still}: ${count(kept, 'discussion')}. Change ${kept === 1 ? 'it' : 'each'} with \`/fireside edit\` if needed.`,
    );
  }
  if (edit.early.length) notes.push(earlyNote(edit.early, updated.announceBeforeMinutes));
  if (result.problem) notes.push(`Warning: ${result.problem}.`);
  return notes;
}

const them = (n: number) => (n === 1 ? 'it' : 'them');

const remindersText = (own: readonly number[] | null, server: readonly number[]) => {
  const offsets = own ?? server;
  const whose = own ? '' : ' (the server’s)';
  return offsets.length ? `Reminders: ${formatOffsets(offsets)} before the start${whose}.` : `No reminders${whose}.`;
};

const earlyNote = (early: number[], announceBeforeMinutes: number) =>
  `Note: reminders ${formatOffsets(early)} before would come at or before each announcement (${formatDuration(announceBeforeMinutes)} ahead), so they are skipped: members can answer only once it is announced.`;

/** Series name discussions before they are announced: for moderators only, like everything else about them. */
async function list(interaction: GuildChatInput, _options: unknown, deps: Deps): Promise<void> {
  requireModerator(interaction, deps);
  const all = deps.scheduling.series.listByGuild(interaction.guildId);
  const now = deps.now().getTime();
  if (all.length === 0) {
    await interaction.reply(ephemeral('No series yet. Create one with `/fireside series create`.'));
    return;
  }
  const lines: string[] = [];
  for (const series of all) {
    const line = describeSeries(series, deps, now);
    if ([...lines, line].join('\n').length > 1_900) {
      lines.push(`…and ${all.length - lines.length} more.`);
      break;
    }
    lines.push(line);
  }
  await interaction.reply(ephemeral(lines.join('\n')));
}

async function pause(interaction: GuildChatInput, options: { readonly series: string }, deps: Deps): Promise<void> {
  requireModerator(interaction, deps);
  const series = resolveSeries(interaction, deps, options.series);
  if (series.paused)
    throw new UserError(`**${series.title}** is already paused. Resume it with \`/fireside series resume\`.`);
  const removed = deps.db.transaction(() => {
    deps.scheduling.series.setPaused(series.id, true);
    return deps.scheduling.occurrences.removeUnseen(series.id, deps.now().getTime());
  })();
  const upcoming = deps.scheduling.occurrences.seenUpcoming(series.id, deps.now().getTime()).length;
  const kept = upcoming
    ? ` Still taking place, as members have seen ${them(upcoming)} (announced or answered): ${count(upcoming, 'discussion')}; cancel with \`/fireside cancel\` if needed.`
    : '';
  await interaction.reply(
    ephemeral(
      `Paused **${series.title}** (#${series.id}); dropped ${count(removed, 'occurrence')} not announced yet.${kept}`,
    ),
  );
}

async function resume(interaction: GuildChatInput, options: { readonly series: string }, deps: Deps): Promise<void> {
  requireModerator(interaction, deps);
  const series = resolveSeries(interaction, deps, options.series);
  if (!series.paused) throw new UserError(`**${series.title}** is not paused.`);
  const now = deps.now().getTime();
  const { result, next } = deps.db.transaction(() => {
    const resumed = { ...series, paused: false };
    deps.scheduling.series.setPaused(series.id, false);
    const result = deps.scheduling.occurrences.ensureUpcoming(resumed, now);
    return { result, next: deps.scheduling.occurrences.nextStarts(resumed, now, 3) };
  })();
  // With a problem (no channel) nothing is made, so the schedule's starts would mislead.
  const after = result.problem ? `Warning: ${result.problem}.` : nextStartsText(series, next, now, 'Next three');
  await interaction.reply(ephemeral(`Resumed **${series.title}** (#${series.id}). ${after}`));
}

async function remove(
  interaction: GuildChatInput,
  options: { readonly series: string; readonly 'cancel-upcoming': boolean | null },
  deps: Deps,
): Promise<void> {
  requireModerator(interaction, deps);
  const series = resolveSeries(interaction, deps, options.series);
  const cancelUpcoming = options['cancel-upcoming'] ?? false;
  await withDeferredReply(interaction, deps, async () => {
    const now = deps.now().getTime();
    const { occurrences } = deps.scheduling;
    const dropAndDelete = () => {
      const removed = occurrences.removeUnseen(series.id, now);
      deps.scheduling.series.delete(series.id);
      return removed;
    };
    const deleted = (removed: number) =>
      `Deleted the series **${series.title}** (#${series.id}); dropped ${count(removed, 'occurrence')} not announced yet.`;
    if (!cancelUpcoming) {
      const { removed, announced } = deps.db.transaction(() => ({
        announced: occurrences.seenUpcoming(series.id, now),
        removed: dropAndDelete(),
      }))();
      const kept = announced.length
        ? `\nStill taking place as one-offs: ${count(announced.length, 'announced discussion')}.`
        : '';
      return `${deleted(removed)}${kept}`;
    }
    // The same path as /fireside cancel: one transaction, then announcements, Discord events and members.
    const { cancelled, alongside: removed = 0 } = await cancelAndTell(interaction.client, deps, {
      ids: () => occurrences.seenUpcoming(series.id, now),
      reason: 'The series was ended.',
      alongside: dropAndDelete,
    });
    const told = cancelled.reduce((sum, { told }) => sum + told.dm.length + told.fallback.length, 0);
    return [
      deleted(removed),
      `Cancelled ${count(cancelled.length, 'announced discussion')} and told the ${count(told, 'member')} who had answered.`,
      ...cancelled.flatMap((outcome) => staleCancelledText(outcome) ?? []),
    ].join('\n');
  });
}

/** Routed by /fireside (commands/fireside.ts) from the `series` group of its definition. */
export const seriesRoutes: GroupRoutes<typeof seriesGroup> = { create, edit, list, pause, resume, delete: remove };

/** The `series:` option; the time zone option is answered by /fireside's autocomplete, for both. */
export async function autocompleteSeries(interaction: GuildAutocomplete, deps: Deps, typed: string): Promise<void> {
  if (!isModerator(interaction, deps)) return interaction.respond([]);
  const needle = typed.trim().toLowerCase().replace(/^#/, '');
  const choices = deps.scheduling.series
    .listByGuild(interaction.guildId)
    .filter((series) => !needle || String(series.id) === needle || series.title.toLowerCase().includes(needle))
    .slice(0, 25)
    .map((series) => ({
      name: clip(
        `#${series.id} ${series.title} · ${series.cron} ${series.timezone}${series.paused ? ' · paused' : ''}`,
        100,
      ),
      value: String(series.id),
    }));
  await interaction.respond(choices);
}
