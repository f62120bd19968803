import type { Logger } from './log.js';

/**
 * SIGINT and SIGTERM stop what `starting` resolves to, then exit 0 (1 when stopping fails). Registered before
 * start-up finishes, so a signal during start-up still stops cleanly. Shared by the one-process bot, each shard
 * process and the sharding manager.
 *
 * A signal while stopping is ignored, not left to its default action (which ends the process at once, mid-send):
 * one stop often brings two, as systemd signals every process of the unit and the sharding manager its shards too,
 * and npm under bash forwards the terminal's signal to a node that had it already. SIGKILL still ends it. Before the
 * start has finished nothing is in flight, and a second signal ends the process at once (exit 1).
 */
export function stopOnSignal(starting: Promise<{ stop(): Promise<void> }>, logger: Logger): void {
  let stopping = false;
  let started = false;
  starting.then(
    () => {
      started = true;
    },
    () => undefined,
  );
  const shutdown = (signal: string) => {
    if (stopping && !started) {
      // A start that hangs (Discord slow to answer the login) has sent nothing yet: a second signal ends it now.
      logger.warn({ signal }, 'signalled again while starting: exiting now');
      process.exit(1);
    }
    if (stopping) {
      logger.info({ signal }, 'already shutting down: finishing what is in flight first');
      return;
    }
    stopping = true;
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
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
