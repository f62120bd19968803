import { startApp } from './app.js';
import { loadConfig, readEnvFile } from './core/config.js';
import { StartupError } from './core/errors.js';
import { createLogger } from './core/log.js';

/** `npm start`: the real bot. Bad settings or content print one message and exit 1; SIGINT/SIGTERM stop cleanly with 0. */
async function main(): Promise<void> {
  const config = loadConfig({ ...readEnvFile(), ...process.env });
  const logger = createLogger(config.LOG_LEVEL);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  const starting = startApp({ config, logger });
  // Registered before start-up finishes, so a signal during start-up still stops the bot cleanly.
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    starting
      .then((app) => app.stop())
      .then(
        () => process.exit(0),
        (error) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await starting;
}

main().catch((error) => {
  if (error instanceof StartupError) console.error(error.message);
  else console.error(`The bot could not start: ${(error as Error).message}`);
  process.exit(1);
});
