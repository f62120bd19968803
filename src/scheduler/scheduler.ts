import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Client } from 'discord.js';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../core/log.js';
import { tellOverduePromotions } from '../firesides/index.js';
import type { OccurrenceResult } from '../series/index.js';
import { type InterestDmReport, tellInterestedMembers } from '../topics/index.js';
import type { WorkKind } from './decide.js';
import type { SchedulerDeps } from './deps.js';
import { LEASE_TTL_MS } from './lease-store.js';
import { resumeManualReminders } from './manual-reminders.js';
import { NotSentYet, perform } from './perform.js';
import { createPurger, emptyPurgeReport, type PurgeReport } from './purge.js';

/** The longest a series goes without its occurrences being looked at (see syncSeries). */
const SERIES_RECHECK_MS = 3_600_000;
const SERIES_FAILED = 'its occurrences could not be worked out';

/**
 * When a series is looked at again at the latest: within the hour, at a moment its id spreads over the hour's second
 * half. Series first looked at together (at start, or on taking the lease over) would otherwise all be worked out again
 * in one tick every hour: a few milliseconds each, seconds for a thousand, blocking every interaction meanwhile.
 */
const hourlyRecheck = (seriesId: number) => SERIES_RECHECK_MS - ((seriesId * 7_919_000) % (SERIES_RECHECK_MS / 2));

export interface SchedulerOptions {
  /** Seconds between ticks, 1–15 (default 15): the most a due item waits. */
  tickSeconds?: number;
  /** Names this process in the lease and on claimed rows; unique per process by default. */
  holderId?: string;
  /** false runs no node-cron task: the caller drives tick() (unit tests with their own clock). */
  cron?: boolean;
  /** Members told per tick that a discussion they asked for is announced (default INTEREST_DMS_PER_TICK). */
  interestDmsPerTick?: number;
  /** Told of each due item's end (the metrics). */
  observe?: (kind: WorkKind, outcome: 'sent' | 'skipped' | 'failed') => void;
  /** Discussions purged per tick once their server's retention has passed (default PURGES_PER_TICK). */
  purgesPerTick?: number;
}

export interface TickReport {
  holding: boolean;
  sent: number;
  failed: number;
  skipped: number;
  /** Refused before anything was sent (e.g. a missing permission): pending again, tried at a later tick. */
  postponed: number;
  created: number;
  /** Moderators' reminders a stopped process left unfinished, gone on with. */
  resumed: number;
  /** Members moved up from the waitlist whom a stopped process left untold, told now. */
  promotionNotices: number;
  /** DMs to members who asked for a discussion on a page that now has one announced. */
  interestDms: InterestDmReport;
  /** Retention: discussions whose per-member rows were deleted, and DM records nobody needs. */
  purged: PurgeReport;
}

const emptyReport = (holding: boolean): TickReport => ({
  holding,
  sent: 0,
  failed: 0,
  skipped: 0,
  postponed: 0,
  created: 0,
  resumed: 0,
  promotionNotices: 0,
  interestDms: { sent: 0, closed: 0, failed: 0 },
  purged: emptyPurgeReport(),
});

export interface Scheduler {
  readonly holderId: string;
  /** Starts the node-cron tasks: the tick and the lease renewal. */
  start(): void;
  /**
   * One pass: renew the lease, create due occurrences, plan and claim due work, send it, then purge what is past its
   * retention. Concurrent calls share one pass.
   */
  tick(): Promise<TickReport>;
  /** Stops the tasks, finishes the item being sent, hands unsent claims back, releases the lease. */
  stop(): Promise<void>;
  /** For /healthz: whether this process holds the lease, and when (Date.now()) its last pass ended. */
  status(): { holdsLease: boolean; lastPassEndedAt: number | undefined };
}

/** node-cron logs to the console by default; its warnings (missed executions, overlaps) belong in ours. */
function cronLogger(logger: Logger) {
  const log = logger.child({ component: 'node-cron' });
  return {
    info: (message: string) => log.debug(message),
    warn: (message: string) => log.warn(message),
    error: (message: string | Error, err?: Error) => log.error({ err: err ?? message }, String(message)),
    debug: (message: string | Error) => log.debug(String(message)),
  };
}

export function createScheduler(client: Client, deps: SchedulerDeps, options: SchedulerOptions = {}): Scheduler {
  const tickSeconds = options.tickSeconds ?? 15;
  if (!Number.isInteger(tickSeconds) || tickSeconds < 1 || tickSeconds > 15)
    throw new Error('tickSeconds must be 1–15');
  const { interestDmsPerTick, purgesPerTick, observe } = options;
  if (interestDmsPerTick !== undefined && (!Number.isInteger(interestDmsPerTick) || interestDmsPerTick < 1))
    throw new Error('interestDmsPerTick must be a whole number from 1');
  if (purgesPerTick !== undefined && (!Number.isInteger(purgesPerTick) || purgesPerTick < 1))
    throw new Error('purgesPerTick must be a whole number from 1');
  // One lease length for every process: a /remind's heartbeat (manual-reminder-store) is set against it.
  const leaseTtlMs = LEASE_TTL_MS;
  const holderId = options.holderId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const useCron = options.cron ?? true;
  const { scheduling } = deps;
  const logger = deps.logger.child({ component: 'scheduler', holder: holderId });
  const taskLogger = cronLogger(logger);
  const purgeExpired = createPurger(scheduling.purge, logger, purgesPerTick);

  const tasks: ScheduledTask[] = [];
  /** Per active series: the series as last looked at, and when its occurrences are next due to be looked at. */
  const seriesChecks = new Map<number, { fingerprint: string; recheckAt: number; problem: string | undefined }>();
  let holding = false;
  let loggedWaiting = false;
  let stopping = false;
  let running: Promise<TickReport> | undefined;
  let lastPassEndedAt: number | undefined;

  const now = () => deps.now().getTime();

  /** Lease transitions are logged once each, never per tick. */
  function renewLease(): boolean {
    if (stopping) return false;
    const at = now();
    const held = scheduling.lease.acquire(holderId, at, leaseTtlMs);
    if (held && !holding) {
      logger.info('this process now runs the scheduler');
      loggedWaiting = false;
    } else if (!held && holding) {
      logger.warn('lost the scheduler lease to another process; stopping sends');
      // Another process makes occurrences meanwhile: look at every series afresh when the lease comes back.
      seriesChecks.clear();
    }
    if (!held && !loggedWaiting) {
      const lease = scheduling.lease.current();
      logger.info(
        { heldBy: lease?.holder, expiresAt: lease && new Date(lease.expiresAt).toISOString() },
        'another process runs the scheduler on this database; this one waits and takes over if that lease lapses',
      );
      loggedWaiting = true;
    }
    holding = held;
    return held;
  }

  /**
   * Every tick, each active series gets the occurrences it is due to have, so none depends on a node-cron firing
   * (node-cron never fires at a wall-clock time a DST change skips, and drops a firing more than a second late).
   * Working them out costs a few milliseconds a series, so a series is looked at again only once its last result
   * may have changed: at its `recheckAt`, when it is edited, or hourly (a moderator may have edited an occurrence),
   * well within the two hours occurrences are made ahead of their announcement.
   */
  function syncSeries(at: number): number {
    let created = 0;
    const active = new Map(scheduling.series.listActive().map((series) => [series.id, series]));
    for (const id of seriesChecks.keys()) if (!active.has(id)) seriesChecks.delete(id);
    for (const series of active.values()) {
      const fingerprint = JSON.stringify(series);
      const known = seriesChecks.get(series.id);
      if (known?.fingerprint === fingerprint && at < known.recheckAt) continue;
      let result: OccurrenceResult;
      try {
        result = scheduling.occurrences.ensureUpcoming(series, at);
      } catch (error) {
        // One series that cannot be worked out must not stop the tick: every server's due work comes after it. Tried
        // again each minute, logged once until it works or changes.
        if (known?.problem !== SERIES_FAILED)
          logger.error({ err: error, seriesId: series.id, guildId: series.guildId }, 'series occurrences failed');
        seriesChecks.set(series.id, { fingerprint, recheckAt: at + 60_000, problem: SERIES_FAILED });
        continue;
      }
      // A series without a channel is tried each tick (cheap: nothing is worked out), but logged once per problem.
      if (result.problem && result.problem !== known?.problem)
        logger.warn({ seriesId: series.id, guildId: series.guildId }, `series skipped: ${result.problem}`);
      else if (result.created.length)
        logger.info({ seriesId: series.id, discussions: result.created }, 'series occurrences created');
      created += result.created.length;
      const recheckAt = Math.min(result.recheckAt, at + hourlyRecheck(series.id));
      seriesChecks.set(series.id, { fingerprint, recheckAt, problem: result.problem });
    }
    return created;
  }

  async function pass(): Promise<TickReport> {
    const report = emptyReport(renewLease());
    if (!report.holding) return report;
    const at = now();
    const { abandoned, handedBack, resumed } = scheduling.work.abandonStale(holderId, at - leaseTtlMs, at);
    for (const item of abandoned) {
      logger.warn({ item }, 'a claim was left by a process that stopped mid-send; it is not re-sent (at most once)');
    }
    for (const item of handedBack) {
      logger.warn({ item }, 'a claim was left untried by a process that stopped; it is sent if still useful');
    }
    for (const item of resumed) {
      logger.warn(
        { item },
        'a reminder was left unfinished by a process that stopped; it goes on with the members not reached yet',
      );
    }
    report.created = syncSeries(at);
    const { claimed, skipped, rearmed } = scheduling.work.claimDue(at, holderId);
    for (const item of rearmed)
      logger.info({ item }, 'due work re-armed: the discussion moved and this is ahead again');
    for (const decision of skipped) {
      if (decision.send) continue;
      report.skipped++;
      observe?.(decision.item.kind, 'skipped');
      logger.info({ item: decision.item, reason: decision.reason }, 'due work skipped');
    }
    for (const item of claimed) {
      if (stopping) {
        // Never sent, so handing it back cannot cause a duplicate; the next holder sends it if still useful.
        scheduling.work.release(item, holderId);
        continue;
      }
      // Marked in its own commit before the send: a process taking over after a crash fails only this one item.
      if (!scheduling.work.attempt(item, holderId, now())) {
        logger.warn({ item }, 'a claim was taken over while this process stalled; not sent from here');
        continue;
      }
      try {
        const outcome = await perform(client, deps, item);
        scheduling.work.finish(item, holderId, 'sent', outcome, now());
        logger.info({ item, outcome }, 'due work sent');
        report.sent++;
        observe?.(item.kind, 'sent');
      } catch (error) {
        if (error instanceof NotSentYet) {
          // Nothing went out, so handing it back cannot duplicate; decide() drops it once the discussion starts.
          if (scheduling.work.postpone(item, holderId, error.message)) {
            logger.warn(
              { item, startsAt: new Date(item.startsAt).toISOString() },
              `${error.message}; tried again every tick until the discussion starts`,
            );
          }
          report.postponed++;
          continue;
        }
        const outcome = String((error as Error).message ?? error).slice(0, 300);
        scheduling.work.finish(item, holderId, 'failed', outcome, now());
        logger.error({ err: error, item }, 'due work failed; not retried');
        report.failed++;
        observe?.(item.kind, 'failed');
      }
    }
    // After due work, which has a moment; a stopped /remind goes on as soon as it is noticed.
    report.resumed = await resumeManualReminders(client, deps, logger, leaseTtlMs, () => holding && !stopping);
    try {
      report.promotionNotices = await tellOverduePromotions(client, deps, () => holding && !stopping);
    } catch (error) {
      logger.error({ err: error }, 'could not tell members moved up from a waitlist; tried next tick');
    }
    // Last: a discussion announced this tick (a series occurrence) or since the last one (/fireside schedule) is
    // posted by now. One member's interest is taken just before their DM, so nobody is told twice across restarts.
    try {
      // A budget per tick, so that the next tick's due reminders never wait behind a thousand DM openings.
      report.interestDms = await tellInterestedMembers(client, deps, () => holding && !stopping, interestDmsPerTick);
    } catch (error) {
      logger.error({ err: error }, 'could not tell members who asked for a discussion on a page; tried next tick');
    }
    // Housekeeping last, bounded, and only while this process still holds the lease: it never delays what is due.
    try {
      report.purged = purgeExpired(now(), () => holding && !stopping);
    } catch (error) {
      logger.error({ err: error }, 'retention sweep failed; tried again next tick');
    }
    return report;
  }

  function tick(): Promise<TickReport> {
    running ??= pass()
      .catch((error) => {
        logger.error({ err: error }, 'scheduler tick failed');
        return emptyReport(holding);
      })
      .finally(() => {
        running = undefined;
        lastPassEndedAt = Date.now();
      });
    return running;
  }

  return {
    holderId,
    status: () => ({ holdsLease: holding, lastPassEndedAt }),
    start() {
      if (!useCron || tasks.length) return;
      const common = { noOverlap: true, logger: taskLogger };
      tasks.push(cron.schedule(`*/${tickSeconds} * * * * *`, () => tick(), { ...common, name: 'scheduler-tick' }));
      // Renewal runs apart from the tick, so a long batch of reminders does not let the lease lapse.
      tasks.push(cron.schedule('*/5 * * * * *', () => void renewLease(), { ...common, name: 'scheduler-lease' }));
      void tick();
    },
    tick,
    async stop() {
      stopping = true;
      for (const task of tasks.splice(0)) await task.destroy();
      await running;
      if (holding) scheduling.lease.release(holderId);
      holding = false;
      logger.info('scheduler stopped');
    },
  };
}
