import { type Client, Events } from 'discord.js';
import type { Deps } from '../commands/deps.js';
import { commands } from '../commands/index.js';
import type { Config } from './core/config.js';
import { createLogger, type Logger } from './core/log.js';
import { type NightlyBackups, startNightlyBackups } from './db/nightly-backups.js';
import { type Db, openDatabase } from './db/open.js';
import { type ClientShards, createClient, loginAndWait } from './discord/client.js';
import type { SlashCommand } from './discord/command.js';
import { createDispatcher } from './discord/dispatch.js';
import { DiscordRest } from './discord/rest.js';
import { createAnnouncementSettler, createFiresideStores } from './firesides/index.js';
import { type LibraryWatch, type LibraryWatchOptions, loadLibrary, watchLibrary } from './library/index.js';
import { type HealthServer, serveHealth } from './ops/health-server.js';
import { type BotMetrics, createMetrics } from './ops/metrics.js';
import { observeDiscord } from './ops/observe-discord.js';
import { processHealth } from './ops/process-health.js';
import type { ProcessReport, ReportKind } from './ops/process-report.js';
import { createMemberDataStore } from './privacy/index.js';
import { createScheduler, createSchedulingStores, type Scheduler, type SchedulerOptions } from './scheduler/index.js';
import { createInterestStore, createTopicDiscussions, createTopicPages } from './topics/index.js';

export interface AppOptions {
  config: Config;
  logger?: Logger;
  now?: () => Date;
  commands?: readonly SlashCommand<Deps>[];
  /** Tick interval, lease and holder id of the scheduler (tests run it fast). */
  scheduler?: SchedulerOptions;
  /** Labels on every metric of this process: a shard process's `shard`, kept apart when the manager combines them. */
  metricsLabels?: Record<string, string>;
  /** false: no /healthz and /metrics here (a shard process: the sharding manager serves them for the whole bot). */
  serveHealth?: boolean;
  /** How the library watches CONTENT_DIR: re-check interval (default 2 s), settle delay, events (tests vary them). */
  library?: Pick<LibraryWatchOptions, 'recheckMs' | 'settleMs' | 'events'>;
  /** The gateway shards this process serves (a shard process of the sharding manager); all of one shard by default. */
  shards?: ClientShards;
}

export interface App {
  readonly client: Client;
  readonly deps: Deps;
  readonly scheduler: Scheduler;
  readonly metrics: BotMetrics;
  /** The /healthz and /metrics server, when HEALTH_PORT is set and the port could be had. */
  readonly health: HealthServer | undefined;
  /** This process's health or metrics, for the sharding manager's /healthz and /metrics. */
  report(what: ReportKind): Promise<ProcessReport>;
  /** Nightly backups when BACKUP_DIR is set: `counts` says how many were written and failed (for metrics). */
  readonly backups: NightlyBackups | undefined;
  /** Finishes what is in flight, closes the gateway and the database. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The composition root, shared by `npm start`, the demo and the end-to-end tests:
 * config → logger → database → library → client → dispatcher. Nothing else builds dependencies.
 */
export async function startApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const db = openDatabase(config.DATABASE_PATH);
  let client: Client | undefined;
  let health: HealthServer | undefined;
  let scheduler: Scheduler | undefined;
  let backups: NightlyBackups | undefined;
  let libraryWatch: LibraryWatch | undefined;
  try {
    const library = await loadLibrary({ db, contentDir: config.CONTENT_DIR, logger });
    const firesides = createFiresideStores(db, { defaultTimezone: config.DEFAULT_TIMEZONE });
    const scheduling = createSchedulingStores(db, firesides);
    const settler = createAnnouncementSettler();
    const now = options.now ?? (() => new Date());
    const interest = createInterestStore(db);
    const topicDiscussions = createTopicDiscussions(db);
    const topicPages = createTopicPages(db, library, topicDiscussions);
    const deps: Deps = {
      config,
      logger,
      db,
      library,
      firesides,
      settler,
      scheduling,
      interest,
      topicDiscussions,
      topicPages,
      memberData: createMemberDataStore(db, firesides),
      now,
    };
    client = createClient(config, logger, options.shards);
    const ownClient = client;
    const metrics = createMetrics(
      {
        backups: () => backups?.counts,
        dueWaiting: () => scheduling.work.dueWaiting(now().getTime()),
        holdsLease: () => scheduler?.status().holdsLease ?? false,
        databasePath: config.DATABASE_PATH,
        tooManyRequests: () => (ownClient.rest instanceof DiscordRest ? ownClient.rest.tooManyRequests : 0),
      },
      options.metricsLabels,
    );
    // Before login, so a monitor sees 503 while the gateway connects rather than nothing.
    health = await serveHealth(options.serveHealth === false ? undefined : config, logger, {
      health: async () => processHealth(ownClient, db, scheduler?.status()),
      metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
    });
    const dispatch = createDispatcher(options.commands ?? commands, deps, observeDiscord(client, metrics));
    const inFlight = new Set<Promise<void>>();
    client.on(Events.InteractionCreate, (interaction) => {
      const work = dispatch(interaction).finally(() => inFlight.delete(work));
      inFlight.add(work);
    });
    await loginAndWait(client, config.DISCORD_TOKEN);
    logger.info(
      { user: client.user?.tag, guilds: client.guilds.cache.size, pages: library.pages.length, ...options.shards },
      'bot ready',
    );
    // After login: the scheduler sends through the client's REST queue. Started last, once nothing else can fail
    // the start: a start that fails after its first tick claimed due work would leave that work to be abandoned.
    scheduler = createScheduler(client, deps, { ...options.scheduler, observe: metrics.work });
    const ownScheduler = scheduler;
    // Pages added, changed or removed while the bot runs are served without a restart.
    libraryWatch = watchLibrary(library, { contentDir: config.CONTENT_DIR, logger, ...options.library });
    const ownWatch = libraryWatch;
    backups = config.BACKUP_DIR
      ? startNightlyBackups({
          db,
          dir: config.BACKUP_DIR,
          keep: config.BACKUP_KEEP,
          at: config.BACKUP_AT,
          timezone: config.DEFAULT_TIMEZONE,
          logger,
          now,
          holdsLease: () => {
            const lease = scheduling.lease.current();
            return lease?.holder === ownScheduler.holderId && lease.expiresAt > now().getTime();
          },
        })
      : undefined;
    scheduler.start();

    let stopping: Promise<void> | undefined;
    const ownHealth = health;
    const ownBackups = backups;
    return {
      client: ownClient,
      deps,
      scheduler: ownScheduler,
      metrics,
      health: ownHealth,
      backups: ownBackups,
      report: async (what) =>
        what === 'health'
          ? processHealth(ownClient, db, ownScheduler.status())
          : await metrics.registry.getMetricsAsJSON(),
      stop: () => {
        stopping ??= (async () => {
          // First: no new sends, the one in flight finishes, the lease goes to another process at once.
          await ownScheduler.stop();
          await ownBackups?.stop();
          await ownHealth?.close();
          await ownWatch.stop();
          ownClient.removeAllListeners(Events.InteractionCreate);
          await Promise.allSettled(inFlight);
          await settler.flush();
          await ownClient.destroy();
          closeDatabase(db);
          logger.info('bot stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    await scheduler?.stop();
    await backups?.stop();
    await libraryWatch?.stop();
    await health?.close();
    await client?.destroy();
    closeDatabase(db);
    throw error;
  }
}

function closeDatabase(db: Db): void {
  if (db.open) db.close();
}
