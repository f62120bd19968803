import type { Client, Guild, GuildMember } from 'discord.js';

/**
 * The server and the bot's own member in it, from the cache when there, else fetched: for permission checks. A
 * server missing from the cache is another shard's (the scheduler's lease holder serves every server): it is
 * fetched without caching, since this shard never hears of its changes and a cached copy would go stale.
 */
export async function botInGuild(client: Client, guildId: string): Promise<{ guild: Guild; me: GuildMember }> {
  const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch({ guild: guildId, cache: false }));
  return { guild, me: guild.members.me ?? (await guild.members.fetchMe()) };
}

/**
 * Whether botInGuild and these channels and roles would all come from the cache: a command that needs them answers
 * at once only then, and defers first otherwise, so a fetch never costs Discord's 3-second deadline.
 */
export function cachedForChecks(
  client: Client,
  guildId: string,
  ids: { channelIds: readonly string[]; roleIds: readonly string[] },
): boolean {
  const guild = client.guilds.cache.get(guildId);
  if (!guild?.members.me) return false;
  return (
    ids.channelIds.every((id) => guild.channels.cache.has(id)) && ids.roleIds.every((id) => guild.roles.cache.has(id))
  );
}
