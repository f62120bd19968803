import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { answerForget, askToForget, showMemberData } from '../src/privacy/index.js';
import { defineCommand } from './command-kit.js';

export const data = {
  name: 'privacy',
  description: 'See or erase what the bot holds about you in this server',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'show',
      description: 'What the bot holds about you here, with a JSON file of all of it (only you see it)',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'forget',
      description: 'Erase everything the bot holds about you here (you confirm first)',
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const command = defineCommand(data, {
  run: {
    show: (interaction, _options, deps) => showMemberData(interaction, deps),
    forget: (interaction, _options, deps) => askToForget(interaction, deps),
  },
  components: {
    forget: (interaction, args, deps) => answerForget(interaction, deps, args),
  },
});
