import {
  ApplicationCommandOptionType,
  InteractionContextType,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { UserError } from '../src/core/errors.js';
import type { GuildChatInput } from '../src/discord/guild-interaction.js';
import { libraryListMessage, searchResultsMessage } from '../src/library/index.js';
import { defineCommand } from './command-kit.js';
import type { Deps } from './deps.js';

export const QUERY_MAX_CHARS = 200;

export const data = {
  name: 'library',
  description: 'Search and browse the Healing Library',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'search',
      description: 'Search every page of the library',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'query',
          description: 'Plain words, e.g. depression relief',
          required: true,
        },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'Every page with its summary' },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

async function search(interaction: GuildChatInput, typed: string, deps: Deps): Promise<void> {
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
  await interaction.reply({ ...searchResultsMessage(query, hits), flags: MessageFlags.Ephemeral });
}

export const command = defineCommand(data, {
  run: {
    search: (interaction, options, deps) => search(interaction, options.query, deps),
    list: async (interaction, _options, deps) => {
      await interaction.reply(libraryListMessage(deps.library.pages, 0));
    },
  },
  components: {
    list: async (interaction, [page], deps) => {
      await interaction.update(libraryListMessage(deps.library.pages, page));
    },
  },
});
