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
import { type Deaths, nextRespawn } from './respawn.js';

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
 * on the one database. A process that dies once it was ready is spawned again, at once or, while it keeps dying,
 * after a growing wait (nextRespawn; discord.js's own `respawn` starts it again at once, every time); the scheduler's lease
 * (in the database) keeps one sender among them, and a respawned process resumes sends by the scheduler's rules.
 * Resolves once every process has become ready. Whoever serves health or metrics for the whole bot does it here,
 * once, from `reports()` (each process's health or metrics, asked over the manager's IPC channel).
 */
export async function startShardManager(options: ShardManagerOptions): Promise<ShardedBot> {
  const { logger, totalShards, perProcess } = options;
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const manager = new ShardingManager(options.file, {
    token: options.token,
    totalShards,
    shardList: firstShardIds(totalShards, perProcess),
    mode: 'process',
    // Respawned here, with a growing wait between deaths in a row (see the death listener below).
    respawn: false,
    // The same loader as this process: none in production (compiled dist/), tsx under `npm run dev`.
    execArgv: process.execArgv,
  });
  let stopping = false;
  manager.on('shardCreate', (shard) => {
    const shards = shardIdsOfProcess(shard.id, perProcess, totalShards);
    let everReady = false;
    let deaths: Deaths | undefined;
    // Each start of the process is an attempt; whatever ends one (a death, a process never made) starts the next once.
    let attempt = 0;
    let retried = -1;
    const startAgain = (of: number, what: Record<string, unknown>, message: string) => {
      if (stopping || of !== attempt || retried === of) return;
      retried = of;
      const next = nextRespawn(deaths, Date.now());
      deaths = next.deaths;
      logger.warn({ shards, ...what, inMs: next.delayMs, inARow: next.deaths.inARow }, message);
      setTimeout(() => {
        if (stopping) return;
        const mine = ++attempt;
        shard.spawn(readyTimeoutMs).catch((error: unknown) => {
          // A death is retried by the death listener; a process never made (the fork threw) here; one that never
          // became ready in time is ended, and its death starts the next (discord.js leaves it running, serving none).
          if (shard.process === null)
            startAgain(mine, { err: error }, 'shard process could not be started: trying again');
          else if (!shard.ready && mine === attempt) {
            logger.warn({ shards, pid: shard.process.pid }, 'shard process not ready in time: ending it');
            shard.process.kill('SIGKILL');
          }
        });
      }, next.delayMs);
    };
    shard.on('spawn', (spawned) => {
      const child = spawned as ChildProcess;
      logger.info({ shards, pid: child.pid }, 'shard process started');
      // Node reports a process it could not create (ENOENT, EAGAIN) as an 'error' on it, with no 'exit' after:
      // unheard, it would end this manager; heard, the shard is started again like any dead one.
      child.on('error', (error) => {
        if (child.pid !== undefined || shard.process !== child) return;
        shard.process = null;
        startAgain(attempt, { err: error }, 'shard process could not be started: trying again');
      });
    });
    shard.on('ready', () => {
      everReady = true;
      logger.info({ shards, pid: shard.process?.pid }, 'shard ready');
    });
    shard.on('death', (child) => {
      const { exitCode, signalCode } = child as ChildProcess;
      // One that dies before its first ready fails manager.spawn, which stops them all: the start failed.
      if (!everReady) return;
      startAgain(attempt, { exitCode, signalCode }, 'shard process died: starting it again');
    });
  });
  const stop = async () => {
    stopping = true;
    await Promise.all([...manager.shards.values()].map(stopProcess));
    logger.info('all shards stopped');
  };
  try {
    await manager.spawn({ delay: options.spawnDelayMs ?? 5500, timeout: readyTimeoutMs });
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
