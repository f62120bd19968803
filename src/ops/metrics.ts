import { statSync } from 'node:fs';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { InteractionOutcome } from '../discord/error-boundary.js';

export type WorkOutcome = 'sent' | 'skipped' | 'failed';

/** What the metrics read when scraped, from parts the composition root owns. */
export interface MetricSources {
  /** Due scheduler items not sent yet. */
  dueWaiting(): number;
  /** Whether this process holds the scheduler lease. */
  holdsLease(): boolean;
  /** The SQLite file (its -wal beside it counts too). */
  databasePath: string;
  /** Nightly backups written and failed by this process, when BACKUP_DIR is set. */
  backups(): { written: number; failed: number } | undefined;
  /** Requests Discord answered 429 since the start. */
  tooManyRequests(): number;
}

export interface BotMetrics {
  readonly registry: Registry;
  /** An interaction finished: its command (or custom id kind) and how it ended. */
  interaction(command: string, outcome: InteractionOutcome): void;
  /** Seconds from the interaction's arrival to its first answer (the interaction callback Discord accepted). */
  firstAnswer(seconds: number): void;
  work(kind: string, outcome: WorkOutcome): void;
  /** discord.js held a request back to stay inside a rate limit, for this long. */
  rateLimitWait(seconds: number): void;
}

/**
 * The bot's Prometheus metrics (prom-client), each process its own registry: names start `healing_`, and the
 * process metrics prom-client collects by default sit beside them.
 */
export function createMetrics(sources: MetricSources, labels: Record<string, string> = {}): BotMetrics {
  const registry = new Registry();
  // A shard process's `shard`: its series stay its own when the sharding manager combines them.
  registry.setDefaultLabels(labels);
  // prom-client's default event-loop sampling (a timer every 10 ms) is most of an idle bot's CPU time, about 5 ms a
  // second (the start-up bench). It stays: node's histogram records each whole interval, so sampling every 100 ms
  // (1 ms a second) would lift every nodejs_eventloop_lag_* series but the plain gauge by 90 ms and mislead dashboards.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  // Counted in plain numbers, handed to prom-client when scraped: its `inc` hashes and validates the labels on
  // every call, on the path of every interaction.
  const interactions = new Map<string, Record<InteractionOutcome, number>>();
  new Counter({
    name: 'healing_interactions_total',
    help: 'Interactions handled, by command (or button kind) and outcome: answered, user_error, internal_error.',
    labelNames: ['command', 'outcome'] as const,
    registers,
    collect() {
      this.reset();
      for (const [command, outcomes] of interactions)
        for (const [outcome, count] of Object.entries(outcomes)) if (count > 0) this.inc({ command, outcome }, count);
    },
  });
  const firstAnswer = new Histogram({
    name: 'healing_interaction_first_answer_seconds',
    help: "Time from an interaction's arrival in this process to its first answer accepted by Discord.",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const work = new Counter({
    name: 'healing_scheduler_items_total',
    help: 'Scheduler items (announcements, reminders, start posts) by kind and outcome: sent, skipped, failed.',
    labelNames: ['kind', 'outcome'] as const,
    registers,
  });
  new Gauge({
    name: 'healing_scheduler_due_items',
    help: 'Scheduler items due and not sent yet.',
    // Every shard process reads the same database: the whole bot's figure is one of them, not their sum.
    aggregator: 'max',
    registers,
    collect() {
      this.set(sources.dueWaiting());
    },
  });
  new Gauge({
    name: 'healing_scheduler_lease_held',
    help: '1 when this process holds the scheduler lease (sends due work), else 0.',
    registers,
    collect() {
      this.set(sources.holdsLease() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'healing_database_bytes',
    help: 'Size of the SQLite database file and its write-ahead log.',
    // Every shard process reads the same database: the whole bot's figure is one of them, not their sum.
    aggregator: 'max',
    registers,
    collect() {
      this.set(fileSize(sources.databasePath) + fileSize(`${sources.databasePath}-wal`));
    },
  });
  new Counter({
    name: 'healing_discord_429_total',
    help: 'Requests Discord answered with 429 Too Many Requests.',
    registers,
    collect() {
      this.reset();
      this.inc(sources.tooManyRequests());
    },
  });
  const waits = new Counter({
    name: 'healing_discord_rate_limit_waits_total',
    help: 'Requests discord.js held back to stay inside a rate limit.',
    registers,
  });
  const waited = new Counter({
    name: 'healing_discord_rate_limit_wait_seconds_total',
    help: 'Time requests were held back to stay inside a rate limit.',
    registers,
  });
  new Counter({
    name: 'healing_backups_total',
    help: 'Nightly database backups, by outcome: written, failed.',
    labelNames: ['outcome'] as const,
    registers,
    collect() {
      const counts = sources.backups();
      this.reset();
      if (!counts) return;
      this.inc({ outcome: 'written' }, counts.written);
      this.inc({ outcome: 'failed' }, counts.failed);
    },
  });

  return {
    registry,
    interaction(command, outcome) {
      const outcomes = interactions.get(command) ?? { answered: 0, user_error: 0, internal_error: 0 };
      outcomes[outcome] += 1;
      interactions.set(command, outcomes);
    },
    firstAnswer: (seconds) => firstAnswer.observe(seconds),
    work: (kind, outcome) => work.inc({ kind, outcome }),
    rateLimitWait(seconds) {
      waits.inc();
      waited.inc(seconds);
    },
  };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
