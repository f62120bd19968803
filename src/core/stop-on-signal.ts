import type { Logger } from './log.js';

/**
 * SIGINT and SIGTERM stop what `starting` resolves to, then exit 0 (1 when stopping fails). Registered before
 * start-up finishes, so a signal during start-up still stops cleanly. Shared by the one-process bot, each shard
 * process and the sharding manager.
 */
export function stopOnSignal(starting: Promise<{ stop(): Promise<void> }>, logger: Logger): void {
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    starting
      .then((running) => running.stop())
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
}
