import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.js';
import { type ShardedBot, startShardManager } from '../../src/sharding/index.js';

// discord.js forks through this very module object, so a test can make one fork fail as the system would.
const childProcess = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
const realFork = childProcess.fork;
const DYING_SHARD = new URL('../fixtures/dying-shard.cjs', import.meta.url).pathname;

/** A manager of one shard whose process dies 300 ms after ready, every time; its log's messages. */
async function dyingShard(
  forkNumber: (n: number, ...args: Parameters<typeof realFork>) => ReturnType<typeof realFork>,
) {
  const messages: string[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk, _encoding, done) {
        messages.push(JSON.parse(String(chunk)).msg);
        done();
      },
    }),
  );
  let forks = 0;
  childProcess.fork = ((...args: Parameters<typeof realFork>) => forkNumber(++forks, ...args)) as typeof realFork;
  process.env.DIE_MS = '300';
  const bot = await startShardManager({
    file: DYING_SHARD,
    token: 'x',
    totalShards: 1,
    perProcess: 1,
    logger,
    spawnDelayMs: 0,
    readyTimeoutMs: 3_000,
  });
  return { bot, messages, forks: () => forks };
}

let running: ShardedBot | undefined;
afterEach(async () => {
  childProcess.fork = realFork;
  await running?.stop();
  running = undefined;
});

describe('a shard process that cannot be started again', () => {
  it('is tried again when the fork throws (ENOMEM), with the growing wait', async () => {
    const { bot, messages, forks } = await dyingShard((n, ...args) => {
      if (n === 2) throw Object.assign(new Error('spawn ENOMEM'), { code: 'ENOMEM' });
      return realFork(...args);
    });
    running = bot;
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(messages).toContain('shard process could not be started: trying again');
    expect(forks()).toBeGreaterThanOrEqual(3);
  }, 20_000);

  it('is tried again when Node cannot create it (ENOENT, reported as an error event), and the manager lives', async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      const { bot, messages, forks } = await dyingShard((n, file, args, options) =>
        realFork(file, args, n === 2 ? { ...options, execPath: '/nonexistent/node' } : options),
      );
      running = bot;
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      expect(uncaught).toEqual([]);
      expect(messages).toContain('shard process could not be started: trying again');
      expect(forks()).toBeGreaterThanOrEqual(3);
    } finally {
      process.off('uncaughtException', record);
    }
  }, 20_000);

  it('is ended and started again when it never becomes ready in time', async () => {
    process.env.HANG_AFTER_FIRST = join(mkdtempSync(join(tmpdir(), 'healing-hang-')), 'started');
    try {
      const { bot, messages, forks } = await dyingShard((_n, ...args) => realFork(...args));
      running = bot;
      await new Promise((resolve) => setTimeout(resolve, 8_000));
      expect(messages).toContain('shard process not ready in time: ending it');
      expect(forks()).toBeGreaterThanOrEqual(3);
    } finally {
      delete process.env.HANG_AFTER_FIRST;
    }
  }, 20_000);
});
