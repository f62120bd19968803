import { UserError } from '../core/errors.js';
import type { GuildAutocomplete, GuildInteraction } from '../discord/guild-interaction.js';
import { parseIdOption, quoteTyped } from '../discord/typed-text.js';
import { isModerator } from '../firesides/index.js';
import type { SeriesDeps } from './deps.js';
import type { Series } from './series-store.js';
import { seriesChoiceName } from './views/replies.js';

/** Autocomplete is only a suggestion: the value is checked again here, and another server's series is unknown. */
export function resolveSeries(interaction: GuildInteraction, deps: SeriesDeps, value: string): Series {
  const id = parseIdOption(value);
  const series = id === undefined ? undefined : deps.scheduling.series.getInGuild(interaction.guildId, id);
  if (!series) {
    throw new UserError(
      `${quoteTyped(value.trim(), 40)} is not a series of this server. Pick one from the list as you type, or see \`/fireside series list\`.`,
    );
  }
  return series;
}

/** The `series:` option; series name discussions before they are announced, so only moderators see them. */
export async function autocompleteSeries(
  interaction: GuildAutocomplete,
  deps: SeriesDeps,
  typed: string,
): Promise<void> {
  if (!isModerator(interaction, deps)) return interaction.respond([]);
  const needle = typed.trim().toLowerCase().replace(/^#/, '');
  const choices = deps.scheduling.series
    .listByGuild(interaction.guildId)
    .filter((series) => !needle || String(series.id) === needle || series.title.toLowerCase().includes(needle))
    .slice(0, 25)
    .map((series) => ({ name: seriesChoiceName(series), value: String(series.id) }));
  await interaction.respond(choices);
}
