import { Writable } from 'node:stream';
import { generatedGuilds, startEmulator } from '@healing-library/discord-emulator';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/core/config.js';
import { createLogger } from '../../src/core/log.js';
import { resolveShardCount } from '../../src/sharding/index.js';
import { firstShardIds, shardIdsOfProcess, shardsFromManagerEnv } from '../../src/sharding/plan.js';

function captured() {
  const lines: Array<{ msg: string; shards?: number; guilds?: number }> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger('info', sink) };
}

async function resolveAgainstEmulator(shardCount: string, guilds: number, guildsPerShard?: number) {
  const emulator = await startEmulator({
    guilds: generatedGuilds(guilds, { channels: 1, members: 1 }),
    guildsPerShard,
  });
  try {
    const config = configSchema.parse({
      DISCORD_TOKEN: 't',
      DISCORD_APPLICATION_ID: emulator.applicationId,
      DISCORD_API_URL: emulator.apiUrl,
      SHARD_COUNT: shardCount,
    });
    const { lines, logger } = captured();
    return { count: await resolveShardCount(config, logger), lines };
  } finally {
    await emulator.close();
  }
}

describe('the shard count', () => {
  it("takes Discord's recommendation from GET /gateway/bot for auto", async () => {
    const { count, lines } = await resolveAgainstEmulator('auto', 5, 2);
    expect(count).toBe(3);
    expect(lines.map((l) => l.msg)).toEqual(['shard count recommended by Discord']);
  });

  it('allows more shards than servers, saying so in one line', async () => {
    const { count, lines } = await resolveAgainstEmulator('3', 2);
    expect(count).toBe(3);
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'more shards than servers: some shards will serve none', shards: 3, guilds: 2 }),
    ]);
    expect((await resolveAgainstEmulator('2', 2)).lines).toEqual([]);
  });
});

describe('which shards each process runs', () => {
  it('gives each process SHARDS_PER_PROCESS consecutive shards, the last one what is left', () => {
    expect(firstShardIds(5, 2)).toEqual([0, 2, 4]);
    expect([0, 2, 4].map((first) => shardIdsOfProcess(first, 2, 5))).toEqual([[0, 1], [2, 3], [4]]);
    expect(firstShardIds(3, 1)).toEqual([0, 1, 2]);
  });

  it('reads its first shard and the count from what the ShardingManager sets', () => {
    expect(shardsFromManagerEnv({ SHARDS: '2', SHARD_COUNT: '5' }, 2)).toEqual({ ids: [2, 3], count: 5 });
    expect(() => shardsFromManagerEnv({}, 1)).toThrow(/started by the sharding manager/);
  });
});
