import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { GuildAutocomplete } from '../discord/guild-interaction.js';
import { clip } from '../discord/typed-text.js';
import { isModerator } from './access.js';
import { isAnnounced } from './announced.js';
import type { FiresideDeps } from './deps.js';
import { formatInZone, suggestTimeZones } from './time.js';

/**
 * Autocomplete for `event:`: upcoming discussions of this server matching the typed words or id; the value is the id.
 * Discussions not announced yet are offered only when `includeUnannounced` (moderators managing them).
 */
export function eventChoices(
  deps: Pick<FiresideDeps, 'firesides' | 'now'>,
  guildId: string,
  typed: string,
  options: { includeUnannounced?: boolean } = {},
): ApplicationCommandOptionChoiceData<string>[] {
  const needle = typed.trim().toLowerCase().replace(/^#/, '');
  return deps.firesides.discussions
    .listUpcoming(guildId, deps.now().getTime(), { limit: 100, ...options })
    .filter((d) => !needle || String(d.id) === needle || d.title.toLowerCase().includes(needle))
    .slice(0, 25)
    .map((d) => ({
      name: clip(
        `#${d.id} ${d.title} · ${formatInZone(d.startsAt, d.timezone)}${isAnnounced(d) ? '' : ' · not announced'}`,
        100,
      ),
      value: String(d.id),
    }));
}

/** Answers `event:`; where moderators manage discussions (`managing`), those not announced yet are offered to them. */
export async function autocompleteEvent(
  interaction: GuildAutocomplete,
  deps: Pick<FiresideDeps, 'firesides' | 'now'>,
  typed: string,
  managing = false,
): Promise<void> {
  const includeUnannounced = managing && isModerator(interaction, deps);
  await interaction.respond(eventChoices(deps, interaction.guildId, typed, { includeUnannounced }));
}

/** The `timezone:` option of /setup and /fireside: the zones that match what was typed. */
export const timeZoneChoices = (typed: string): ApplicationCommandOptionChoiceData<string>[] =>
  suggestTimeZones(typed).map((zone) => ({ name: zone, value: zone }));
