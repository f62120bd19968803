import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { GuildChatInput } from '../src/discord/guild-interaction.js';
import { ephemeral } from '../src/discord/replies.js';
import { defineCommand } from './command-kit.js';
import type { Deps } from './deps.js';

export const data = {
  name: 'reminders',
  description: 'Turn your Fireside reminders on or off in this server',
  contexts: [InteractionContextType.Guild],
  options: [
    { type: ApplicationCommandOptionType.Subcommand, name: 'off', description: 'No automatic reminders for me here' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'on', description: 'Remind me of discussions I answered' },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Off or on, for this member in this server only. */
async function setReminders(interaction: GuildChatInput, deps: Deps, on: boolean): Promise<void> {
  deps.scheduling.prefs.set(interaction.guildId, interaction.user.id, on, deps.now().getTime());
  await interaction.reply(
    ephemeral(
      on
        ? 'Reminders are **on**: I will remind you of the discussions you answered Going to, as this server sends them.'
        : 'Reminders are **off** in this server: no automatic reminders for you. Moderators can still send one with `/remind`. Turn them back on with `/reminders on`.',
    ),
  );
}

export const command = defineCommand(data, {
  run: {
    off: (interaction, _options, deps) => setReminders(interaction, deps, false),
    on: (interaction, _options, deps) => setReminders(interaction, deps, true),
  },
});
