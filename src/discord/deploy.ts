import { REST } from '@discordjs/rest';
import { type RESTPostAPIChatInputApplicationCommandsJSONBody, Routes } from 'discord.js';
import type { Config } from '../core/config.js';

/**
 * Registers the commands with one bulk PUT: to DISCORD_GUILD_ID when set (instant), globally otherwise.
 * The caller passes the list (commands/index.ts), so this plumbing imports no command.
 */
export async function deployCommands(
  config: Config,
  commands: readonly { readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody }[],
  rest = new REST({ api: config.DISCORD_API_URL }),
): Promise<number> {
  rest.setToken(config.DISCORD_TOKEN);
  const body = commands.map((command) => command.data);
  const route = config.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(config.DISCORD_APPLICATION_ID, config.DISCORD_GUILD_ID)
    : Routes.applicationCommands(config.DISCORD_APPLICATION_ID);
  const registered = (await rest.put(route, { body })) as unknown[];
  return registered.length;
}
