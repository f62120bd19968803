import { UserError } from '../core/errors.js';
import type { GuildButton, GuildChatInput, GuildStringSelect } from '../discord/guild-interaction.js';
import { currentPage, type PageInfo, pageSection, resolvePage, type SectionKey } from '../library/index.js';
import type { TopicsDeps } from './deps.js';

/** The library's page at a section, with this server's discussions on it and the other pages to explore. */
function pageMessage(deps: TopicsDeps, guildId: string, page: PageInfo, section: SectionKey) {
  return deps.topicPages.message(guildId, page, section, deps.now().getTime());
}

/** `/modality`: a page of the library, at the section asked for. */
export async function showTopicPage(
  interaction: GuildChatInput,
  deps: TopicsDeps,
  options: { readonly name: string; readonly section: SectionKey | null },
): Promise<void> {
  const page = resolvePage(deps.library, options.name);
  await interaction.reply(pageMessage(deps, interaction.guildId, page, pageSection(page, options.section)));
}

/** A section button on a page: the same message turns to that section. */
export async function turnTopicSection(
  interaction: GuildButton,
  deps: TopicsDeps,
  slug: string,
  section: SectionKey,
): Promise<void> {
  const page = currentPage(deps.library, slug);
  await interaction.update(pageMessage(deps, interaction.guildId, page, pageSection(page, section)));
}

/** A page opened from a search result or an announcement's Read button: shown to the member alone. */
export async function openTopicPage(
  interaction: GuildButton,
  deps: TopicsDeps,
  slug: string,
  section: SectionKey,
): Promise<void> {
  const page = currentPage(deps.library, slug);
  await interaction.reply({
    ...pageMessage(deps, interaction.guildId, page, pageSection(page, section)),
    flags: 'Ephemeral',
  });
}

/**
 * "Explore more healing modalities": the chosen page replaces this one in the same message (type 7). The menu's
 * value is all the state, so it works after a restart; a value that is no current page changes nothing.
 */
export async function explorePage(interaction: GuildStringSelect, deps: TopicsDeps): Promise<void> {
  const [slug] = interaction.values;
  const page = slug === undefined ? undefined : deps.library.get(slug);
  if (!page) {
    throw new UserError(
      'That page is not in the library (it may have been removed). Pick another, or see `/library list` for the current pages.',
    );
  }
  await interaction.update(pageMessage(deps, interaction.guildId, page, 'overview'));
}
