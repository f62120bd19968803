import { REST } from 'discord.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/log.js';

interface GatewayBot {
  shards: number;
}

interface Application {
  approximate_guild_count?: number;
}

/**
 * SHARD_COUNT as a number: `auto` is Discord's recommendation, the `shards` of GET /gateway/bot
 * (developers/events/gateway.mdx, "Get Gateway Bot"). More shards than servers is allowed (a shard may serve none);
 * one line says so.
 */
export async function resolveShardCount(config: Config, logger: Logger): Promise<number> {
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
  let count = config.SHARD_COUNT;
  if (count === 'auto') {
    count = ((await rest.get('/gateway/bot')) as GatewayBot).shards;
    logger.info({ shards: count }, 'shard count recommended by Discord');
  }
  if (count > 1) {
    const guilds = ((await rest.get('/applications/@me')) as Application).approximate_guild_count;
    if (guilds !== undefined && count > guilds)
      logger.info({ shards: count, guilds }, 'more shards than servers: some shards will serve none');
  }
  return count;
}
