import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/log.js';
import { NO_MENTIONS } from './replies.js';
import { useDiscordRest } from './rest.js';

/** The discord.js client. DISCORD_API_URL points REST (and, through GET /gateway/bot, the gateway) elsewhere, e.g. the emulator. */
export interface ClientShards {
  /** The shard ids this process connects. */
  ids: number[];
  /** The bot's shard count, across every process. */
  count: number;
}

export function createClient(config: Config, logger: Logger, shards?: ClientShards): Client {
  const client = new Client({
    ...(shards ? { shards: shards.ids, shardCount: shards.count } : {}),
    intents: [GatewayIntentBits.Guilds],
    // No partials: the bot reads no channel an interaction comes from (a DM button is answered through the
    // interaction's own token), and Partials.Channel would rebuild that channel's object on every interaction.
    rest: { api: config.DISCORD_API_URL },
    // A default for any message that forgets its own: nothing pings unless a message names whom.
    allowedMentions: NO_MENTIONS,
  });
  useDiscordRest(client, config.DISCORD_APPLICATION_ID);
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn(message));
  client.on(Events.ShardDisconnect, (event) => logger.warn({ code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, () => logger.info('gateway resumed'));
  return client;
}

export async function loginAndWait(client: Client, token: string): Promise<void> {
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(token);
  await ready;
}
