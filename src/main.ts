import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from './app.js';
import { type Config, loadConfig, readEnvFile } from './core/config.js';
import { StartupError } from './core/errors.js';
import { createLogger, type Logger } from './core/log.js';
import { stopOnSignal } from './core/stop-on-signal.js';
import { combineHealth, combineMetrics } from './ops/bot-health.js';
import { serveHealth } from './ops/health-server.js';
import { resolveShardCount, type ShardedBot, startShardManager } from './sharding/index.js';

/**
 * `npm start`: the real bot, in this process, or with SHARD_COUNT above 1 (or `auto` recommending more than one)
 * as discord.js's ShardingManager over shard processes (src/shard.ts). Bad settings or content print one message
 * and exit 1; SIGINT/SIGTERM stop cleanly with 0.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...readEnvFile(), ...process.env });
  const logger = createLogger(config.LOG_LEVEL);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  // Signals are handled from here on, also while Discord is asked for the shard count.
  const starting = (async () => {
    const shardCount = config.SHARD_COUNT === 1 ? 1 : await resolveShardCount(config, logger);
    return shardCount === 1 ? startOneProcess(config, logger) : startManager(config, logger, shardCount);
  })();
  stopOnSignal(starting, logger);
  await starting;
}

function startOneProcess(config: Config, logger: Logger) {
  // discord.js's Client reads SHARD_COUNT from the environment as its own shard count (the ShardingManager sets it
  // for its processes); here it is this bot's setting, perhaps `auto`, so the client is told its one shard instead.
  delete process.env.SHARD_COUNT;
  delete process.env.SHARDS;
  return startApp({ config, logger, shards: { ids: [0], count: 1 } });
}

async function startManager(config: Config, logger: Logger, totalShards: number) {
  // The entry beside this one: the linked dist/bot/shard.js, tsc's dist/src/shard.js, or src/shard.ts under tsx.
  const file = fileURLToPath(new URL(`./shard${extname(import.meta.url)}`, import.meta.url));
  // The processes read the resolved values, whatever `.env` says (the manager sets SHARD_COUNT itself).
  process.env.SHARDS_PER_PROCESS = String(config.SHARDS_PER_PROCESS);
  // Served once for the whole bot, here: what every shard process reports when asked (503 until all are ready).
  const shardIds = Array.from({ length: totalShards }, (_, id) => id);
  let bot: ShardedBot | undefined;
  const health = await serveHealth(config, logger, {
    health: async () => combineHealth(shardIds, bot ? await bot.reports('health') : []),
    metrics: async () => combineMetrics(bot ? await bot.reports('metrics') : []),
  });
  try {
    bot = await startShardManager({
      file,
      token: config.DISCORD_TOKEN,
      totalShards,
      perProcess: config.SHARDS_PER_PROCESS,
      logger,
    });
  } catch (error) {
    await health?.close();
    throw error;
  }
  const running = bot;
  return {
    async stop() {
      await running.stop();
      await health?.close();
    },
  };
}

main().catch((error) => {
  if (error instanceof StartupError) console.error(error.message);
  else console.error(`The bot could not start: ${(error as Error).message}`);
  process.exit(1);
});
