import { UserError } from '../core/errors.js';
import type { GuildChatInput } from '../discord/guild-interaction.js';
import { ephemeral } from '../discord/replies.js';
import { cancelAndTell, requireModerator, staleCancelledText, withDeferredReply } from '../firesides/index.js';
import type { SeriesDeps } from './deps.js';
import { resolveSeries } from './pick.js';
import {
  cancelledUpcomingText,
  deletedText,
  keptAsOneOffsText,
  pausedText,
  resumedText,
  SERIES_LIST,
} from './views/replies.js';

/** `/fireside series pause`: drops the occurrences members have not seen; those they have still take place. */
export async function pauseSeries(
  interaction: GuildChatInput,
  deps: SeriesDeps,
  options: { readonly series: string },
): Promise<void> {
  requireModerator(interaction, deps);
  const series = resolveSeries(interaction, deps, options.series);
  if (series.paused)
    throw new UserError(`**${series.title}** is already paused. Resume it with \`/fireside series resume\`.`);
  const removed = deps.db.transaction(() => {
    deps.scheduling.series.setPaused(series.id, true);
    return deps.scheduling.occurrences.removeUnseen(series.id, deps.now().getTime());
  })();
  const upcoming = deps.scheduling.occurrences.seenUpcoming(series.id, deps.now().getTime()).length;
  await interaction.reply(ephemeral(pausedText(series, removed, upcoming)));
}

export async function resumeSeries(
  interaction: GuildChatInput,
  deps: SeriesDeps,
  options: { readonly series: string },
): Promise<void> {
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
  await interaction.reply(ephemeral(resumedText(series, { problem: result.problem, next, now })));
}

/** `/fireside series delete`: announced occurrences stay as one-offs, or are cancelled and their members told. */
export async function deleteSeries(
  interaction: GuildChatInput,
  deps: SeriesDeps,
  options: { readonly series: string; readonly 'cancel-upcoming': boolean | null },
): Promise<void> {
  requireModerator(interaction, deps);
  const series = resolveSeries(interaction, deps, options.series);
  const cancelUpcoming = options['cancel-upcoming'] ?? false;
  await withDeferredReply(
    interaction,
    deps,
    async () => {
      const now = deps.now().getTime();
      const { occurrences } = deps.scheduling;
      const dropAndDelete = () => {
        const removed = occurrences.removeUnseen(series.id, now);
        deps.scheduling.series.delete(series.id);
        return removed;
      };
      if (!cancelUpcoming) {
        const { removed, announced } = deps.db.transaction(() => ({
          announced: occurrences.seenUpcoming(series.id, now),
          removed: dropAndDelete(),
        }))();
        return `${deletedText(series, removed)}${keptAsOneOffsText(announced.length)}`;
      }
      // The same path as /fireside cancel: one transaction, then announcements, Discord events and members.
      const { cancelled, alongside: removed = 0 } = await cancelAndTell(interaction.client, deps, {
        ids: () => occurrences.seenUpcoming(series.id, now),
        reason: 'The series was ended.',
        alongside: dropAndDelete,
      });
      const told = cancelled.reduce((sum, { told }) => sum + told.dm.length + told.fallback.length, 0);
      return [
        deletedText(series, removed),
        cancelledUpcomingText(cancelled.length, told),
        ...cancelled.flatMap((outcome) => staleCancelledText(outcome) ?? []),
      ].join('\n');
    },
    SERIES_LIST,
  );
}
