import { MessageFlags } from 'discord.js';
import { UserError } from '../core/errors.js';
import type { GuildButton, GuildChatInput } from '../discord/guild-interaction.js';
import type { LibraryDeps } from './deps.js';
import { libraryListMessage, searchResultsMessage } from './views/library.js';

const QUERY_MAX_CHARS = 200;

/** `/library search`: the best five pages for the words typed. */
export async function searchLibrary(interaction: GuildChatInput, deps: LibraryDeps, typed: string): Promise<void> {
  const query = typed.trim();
  if (!query) throw new UserError('Type a few words to search for, e.g. `/library search query: depression`.');
  if (query.length > QUERY_MAX_CHARS) {
    throw new UserError(
      `That search is ${query.length} characters long. Use a few words (at most ${QUERY_MAX_CHARS} characters).`,
    );
  }
  const hits = deps.library.search(query, 5);
  if (!hits.length) {
    throw new UserError(
      'Nothing in the library matches those words. Try other words, or `/library list` to see every page.',
    );
  }
  // A member's searches are their own business: the results are shown to them alone.
  await interaction.reply({
    ...searchResultsMessage(query, hits, deps.library.healthcareNote),
    flags: MessageFlags.Ephemeral,
  });
}

/** `/library list`: every page with its summary, from the first page of the list. */
export async function listLibrary(interaction: GuildChatInput, deps: LibraryDeps): Promise<void> {
  await interaction.reply(libraryListMessage(deps.library.pages, 0));
}

/** The list's pager buttons turn the same message. */
export async function pageLibraryList(interaction: GuildButton, deps: LibraryDeps, page: number): Promise<void> {
  await interaction.update(libraryListMessage(deps.library.pages, page));
}
