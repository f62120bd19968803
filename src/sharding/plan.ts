/**
 * Which shards each process runs. The manager spawns one discord.js `Shard` (one process) per first shard id of a
 * process, `0, k, 2k, …` for k = SHARDS_PER_PROCESS; the process runs that id and the k - 1 after it.
 */
export function firstShardIds(totalShards: number, perProcess: number): number[] {
  const ids: number[] = [];
  for (let id = 0; id < totalShards; id += perProcess) ids.push(id);
  return ids;
}

export function shardIdsOfProcess(firstId: number, perProcess: number, totalShards: number): number[] {
  const ids: number[] = [];
  for (let id = firstId; id < Math.min(firstId + perProcess, totalShards); id++) ids.push(id);
  return ids;
}

/** The shards a process started by the ShardingManager runs: from SHARDS and SHARD_COUNT, which discord.js sets. */
export function shardsFromManagerEnv(
  env: Record<string, string | undefined>,
  perProcess: number,
): { ids: number[]; count: number } {
  const firstId = Number(env.SHARDS);
  const count = Number(env.SHARD_COUNT);
  if (!Number.isInteger(firstId) || !Number.isInteger(count) || firstId < 0 || firstId >= count)
    throw new Error('this entry point is started by the sharding manager (npm start with SHARD_COUNT above 1)');
  return { ids: shardIdsOfProcess(firstId, perProcess, count), count };
}
