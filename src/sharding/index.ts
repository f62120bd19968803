export { type ShardedBot, type ShardManagerOptions, startShardManager } from './manager.js';
export { shardsFromManagerEnv } from './plan.js';
export { resolveShardCount } from './shard-count.js';
