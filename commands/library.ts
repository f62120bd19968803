import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Deps } from '../src/deps.js';
import type { ComponentRoutes } from '../src/discord/command.js';
import { UserError } from '../src/errors.js';
import { libraryListMessage, searchResultsMessage } from '../src/library/index.js';

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

export async function execute(interaction: ChatInputCommandInteraction, deps: Deps): Promise<void> {
  if (interaction.options.getSubcommand() === 'list') {
    await interaction.reply(libraryListMessage(deps.library.pages, 0));
    return;
  }
  const query = interaction.options.getString('query', true).trim();
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

export const components: ComponentRoutes = {
  list: async (interaction, [page], deps) => {
    await interaction.update(libraryListMessage(deps.library.pages, page));
  },
};
