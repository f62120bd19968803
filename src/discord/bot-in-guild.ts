import type { Client, Guild, GuildMember } from 'discord.js';

/** The server and the bot's own member in it, from the cache when there, else fetched: for permission checks. */
export async function botInGuild(client: Client, guildId: string): Promise<{ guild: Guild; me: GuildMember }> {
  const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId));
  return { guild, me: guild.members.me ?? (await guild.members.fetchMe()) };
}
