import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { type Shard, ShardingManager } from 'discord.js';
import type { Logger } from '../core/log.js';
import {
  isReportReply,
  type ProcessReport,
  REPORT_REQUEST,
  type ReportKind,
  type ReportRequest,
} from '../ops/process-report.js';
import { firstShardIds, shardIdsOfProcess } from './plan.js';

export interface ShardManagerOptions {
  /** The shard process's entry point (dist/src/shard.js, or src/shard.ts under tsx). */
  file: string;
  token: string;
  totalShards: number;
  perProcess: number;
  logger: Logger;
  /**
   * Wait between two processes' starts. Discord lets a bot IDENTIFY once per 5 s per concurrency bucket
   * (developers/events/gateway.mdx, "Max Concurrency", `max_concurrency` 1 unless Discord raised it), and
   * discord.js's default is 5.5 s; tests against the emulator shorten it.
   */
  spawnDelayMs?: number;
  /** How long one process may take to become ready (discord.js's default, 30 s). */
  readyTimeoutMs?: number;
}

export interface ShardedBot {
  /**
   * discord.js's manager: one `Shard` (a process) per first shard id of a process, keyed by that id
   * (`manager.shards`); `manager.totalShards` is the bot's shard count. Its events (`shardCreate`, each shard's
   * `spawn`, `ready`, `death`, `disconnect`) are the place to count restarts.
   */
  readonly manager: ShardingManager;
  /** Each process's health and metrics (undefined: no answer within `timeoutMs`, e.g. dead or starting again). */
  reports<K extends ReportKind>(what: K, timeoutMs?: number): Promise<(ProcessReport<K> | undefined)[]>;
  /** 0 … totalShards - 1. */
  readonly shardIds: readonly number[];
  /** SIGTERM to every shard process (each stops cleanly: sends finish, the lease is released) and waits for all. */
  stop(): Promise<void>;
}

/**
 * `npm start` with SHARD_COUNT above 1: discord.js's ShardingManager, one process per SHARDS_PER_PROCESS shards, all
 * on the one database. A process that dies is spawned again by the manager (`respawn`); the scheduler's lease
 * (in the database) keeps one sender among them, and a respawned process resumes sends by the scheduler's rules.
 * Resolves once every process has become ready. Whoever serves health or metrics for the whole bot does it here,
 * once, from `reports()` (each process's health or metrics, asked over the manager's IPC channel).
 */
export async function startShardManager(options: ShardManagerOptions): Promise<ShardedBot> {
  const { logger, totalShards, perProcess } = options;
  const manager = new ShardingManager(options.file, {
    token: options.token,
    totalShards,
    shardList: firstShardIds(totalShards, perProcess),
    mode: 'process',
    respawn: true,
    // The same loader as this process: none in production (compiled dist/), tsx under `npm run dev`.
    execArgv: process.execArgv,
  });
  let stopping = false;
  manager.on('shardCreate', (shard) => {
    const shards = shardIdsOfProcess(shard.id, perProcess, totalShards);
    shard.on('spawn', () => logger.info({ shards, pid: shard.process?.pid }, 'shard process started'));
    shard.on('ready', () => logger.info({ shards, pid: shard.process?.pid }, 'shard ready'));
    shard.on('death', (child) => {
      const { exitCode, signalCode } = child as ChildProcess;
      if (!stopping) logger.warn({ shards, exitCode, signalCode }, 'shard process died: starting it again');
    });
    shard.on('error', (error) => logger.error({ err: error, shards }, 'shard process failed to start again'));
  });
  const stop = async () => {
    stopping = true;
    // Read by each Shard's exit listener: no respawn once stopping.
    manager.respawn = false;
    await Promise.all([...manager.shards.values()].map(stopProcess));
    logger.info('all shards stopped');
  };
  try {
    await manager.spawn({ delay: options.spawnDelayMs ?? 5500, timeout: options.readyTimeoutMs ?? 30_000 });
  } catch (error) {
    await stop();
    throw error;
  }
  logger.info({ shards: totalShards, processes: manager.shards.size }, 'all shards ready');
  return {
    manager,
    stop,
    reports: (what, timeoutMs = REPORT_TIMEOUT_MS) =>
      Promise.all([...manager.shards.values()].map((shard) => ask(shard, what, timeoutMs))),
    shardIds: Array.from({ length: totalShards }, (_, id) => id),
  };
}

const REPORT_TIMEOUT_MS = 2000;
let nonces = 0;

/** One process's report over the IPC channel (src/ops/process-report.ts), or undefined when it does not answer. */
async function ask<K extends ReportKind>(
  shard: Shard,
  what: K,
  timeoutMs: number,
): Promise<ProcessReport<K> | undefined> {
  const nonce = ++nonces;
  return new Promise((resolve) => {
    const done = (report?: ProcessReport<K>) => {
      clearTimeout(timer);
      shard.off('message', onMessage);
      resolve(report);
    };
    const onMessage = (message: unknown) => {
      if (isReportReply(message) && message.nonce === nonce) done(message.report as ProcessReport<K>);
    };
    const timer = setTimeout(() => done(), timeoutMs);
    shard.on('message', onMessage);
    shard.send({ type: REPORT_REQUEST, nonce, what } satisfies ReportRequest).catch(() => done());
  });
}

async function stopProcess(shard: Shard): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
