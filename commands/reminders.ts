import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { setReminders } from '../src/scheduler/index.js';
import { defineCommand } from './command-kit.js';

export const data = {
  name: 'reminders',
  description: 'Turn your Fireside reminders on or off in this server',
  contexts: [InteractionContextType.Guild],
  options: [
    { type: ApplicationCommandOptionType.Subcommand, name: 'off', description: 'No automatic reminders for me here' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'on', description: 'Remind me of discussions I answered' },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const command = defineCommand(data, {
  run: {
    off: (interaction, _options, deps) => setReminders(interaction, deps, false),
    on: (interaction, _options, deps) => setReminders(interaction, deps, true),
  },
});
