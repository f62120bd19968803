import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { searchLibrary } from '../src/library/index.js';
import { listTopicLibrary, pageTopicLibrary, showInterest } from '../src/topics/index.js';
import { defineCommand } from './command-kit.js';

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
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'list',
      description: 'Every page with its summary and upcoming discussions',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'interest',
      description: 'Moderators: pages members would join a discussion on, most wanted first',
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const command = defineCommand(data, {
  run: {
    search: (interaction, options, deps) => searchLibrary(interaction, deps, options.query),
    list: (interaction, _options, deps) => listTopicLibrary(interaction, deps),
    interest: (interaction, _options, deps) => showInterest(interaction, deps),
  },
  components: {
    list: (interaction, [page], deps) => pageTopicLibrary(interaction, deps, page),
  },
});
