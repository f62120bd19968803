import type { GuildButton, GuildChatInput } from '../discord/guild-interaction.js';
import { libraryListMessage, type PageInfo } from '../library/index.js';
import type { TopicsDeps } from './deps.js';

/** The list's note beside a page: how many upcoming discussions members of this server can join on it. */
function discussionsNote(deps: TopicsDeps, guildId: string): (page: PageInfo) => string | undefined {
  const plans = deps.topicDiscussions.plans(guildId, deps.now().getTime());
  return (page) => {
    const announced = plans.get(page.slug)?.announced ?? 0;
    if (!announced) return undefined;
    return `${announced} upcoming ${announced === 1 ? 'discussion' : 'discussions'}`;
  };
}

/** `/library list`: every page with its summary and its upcoming discussions here, from the first page. */
export async function listTopicLibrary(interaction: GuildChatInput, deps: TopicsDeps): Promise<void> {
  await interaction.reply(libraryListMessage(deps.library.pages, 0, discussionsNote(deps, interaction.guildId)));
}

/** The list's pager buttons turn the same message. */
export async function pageTopicLibrary(interaction: GuildButton, deps: TopicsDeps, page: number): Promise<void> {
  await interaction.update(libraryListMessage(deps.library.pages, page, discussionsNote(deps, interaction.guildId)));
}
