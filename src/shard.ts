import { startApp } from './app.js';
import { loadConfig, readEnvFile } from './core/config.js';
import { StartupError } from './core/errors.js';
import { createLogger } from './core/log.js';
import { stopOnSignal } from './core/stop-on-signal.js';
import { answerReportRequests } from './ops/process-report.js';
import { shardsFromManagerEnv } from './sharding/index.js';

/**
 * One shard process, started by the sharding manager (src/sharding/manager.ts): the whole bot for the shards
 * SHARDS (set by discord.js) to SHARDS + SHARDS_PER_PROCESS - 1 of SHARD_COUNT, on the one database.
 * SIGINT/SIGTERM stop it cleanly with 0, and so does losing the manager (its IPC channel closes).
 */
async function main(): Promise<void> {
  const env = { ...readEnvFile(), ...process.env };
  const config = loadConfig(env);
  const shards = shardsFromManagerEnv(env, config.SHARDS_PER_PROCESS);
  const logger = createLogger(config.LOG_LEVEL).child({ shards: shards.ids });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  // The manager serves /healthz and /metrics for the whole bot, from what each process reports when asked.
  const starting = startApp({
    config,
    logger,
    shards,
    serveHealth: false,
    metricsLabels: { shard: String(shards.ids[0]) },
  });
  stopOnSignal(starting, logger);
  process.once('disconnect', () => process.emit('SIGTERM'));
  const app = await starting;
  answerReportRequests((what) => app.report(what));
}

main().catch((error) => {
  if (error instanceof StartupError) console.error(error.message);
  else console.error(`The shard could not start: ${(error as Error).message}`);
  process.exit(1);
});
