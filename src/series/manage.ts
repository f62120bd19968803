import { clearedField } from '../discord/clear-option.js';
import type { GuildChatInput } from '../discord/guild-interaction.js';
import { ephemeral } from '../discord/replies.js';
import {
  checkAnnouncePermissions,
  requireModerator,
  unheardPingWarning,
  withDeferredReply,
} from '../firesides/index.js';
import type { SeriesDeps } from './deps.js';
import { resolveSeries } from './pick.js';
import {
  earlyReminders,
  readSeriesOptions,
  SERIES_CLEARABLE,
  type SeriesOptionValues,
  validateSeriesEdit,
  validateSeriesInput,
} from './series-input.js';
import { createdText, editedText, noSeriesText, SERIES_LIST, seriesLine, unchangedText } from './views/replies.js';

/** `/fireside series create`: the series and its first occurrences in one transaction. */
export async function createSeries(
  interaction: GuildChatInput,
  deps: SeriesDeps,
  options: SeriesOptionValues,
): Promise<void> {
  requireModerator(interaction, deps);
  const settings = deps.firesides.settings.get(interaction.guildId);
  const { next, ...input } = validateSeriesInput(readSeriesOptions(options, deps.library), settings, deps.now());
  await withDeferredReply(
    interaction,
    deps,
    async () => {
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
      // Told now, not only logged once an announcement has pinged nobody.
      const unheard = channelId && (await unheardPingWarning(interaction.client, deps, interaction.guildId, channelId));
      const text = createdText(series, { next, now, channelId, serverReminders: settings.reminders, early });
      return unheard ? `${text}\n${unheard}` : text;
    },
    SERIES_LIST,
  );
}

/** `/fireside series edit`: occurrences not announced yet follow; those members have seen keep their details. */
export async function editSeries(
  interaction: GuildChatInput,
  deps: SeriesDeps,
  options: SeriesOptionValues & { readonly series: string; readonly clear: keyof typeof SERIES_CLEARABLE | null },
): Promise<void> {
  requireModerator(interaction, deps);
  const series = resolveSeries(interaction, deps, options.series);
  const settings = deps.firesides.settings.get(interaction.guildId);
  const cleared = clearedField(options, SERIES_CLEARABLE);
  const read = readSeriesOptions(options, deps.library);
  const change = validateSeriesEdit(read, series, settings, deps.now(), cleared);
  const { patch, rescheduled, changed } = change;
  if (changed.length === 0) {
    await interaction.reply(ephemeral(unchangedText(series)));
    return;
  }
  await withDeferredReply(
    interaction,
    deps,
    async () => {
      await checkAnnouncePermissions(interaction.client, interaction.guildId, change.channelId, 'Nothing was changed.');
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
      deps.logger.info({ seriesId: series.id, guildId: series.guildId, changed }, 'series edited');
      const unheard = await unheardPingWarning(interaction.client, deps, interaction.guildId, change.channelId);
      const text = editedText(change, { ...result, now });
      return unheard ? `${text}\n${unheard}` : text;
    },
    SERIES_LIST,
  );
}

/** Series name discussions before they are announced: for moderators only, like everything else about them. */
export async function listSeries(interaction: GuildChatInput, deps: SeriesDeps): Promise<void> {
  requireModerator(interaction, deps);
  const all = deps.scheduling.series.listByGuild(interaction.guildId);
  const now = deps.now().getTime();
  if (all.length === 0) {
    await interaction.reply(ephemeral(noSeriesText));
    return;
  }
  const lines: string[] = [];
  for (const series of all) {
    const [start] = deps.scheduling.occurrences.nextStarts(series, now, 1);
    const line = seriesLine(series, start);
    if ([...lines, line].join('\n').length > 1_900) {
      lines.push(`…and ${all.length - lines.length} more.`);
      break;
    }
    lines.push(line);
  }
  await interaction.reply(ephemeral(lines.join('\n')));
}
