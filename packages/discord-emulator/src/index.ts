/**
 * The local Discord: REST and gateway on one loopback port, spoken to by the real discord.js client.
 * Used by the end-to-end tests, `npm run demo` and the benchmarks.
 */

export { botEnvironment } from './bot-environment.js';
export { DM_OPENS } from './dm-open-limit.js';
export {
  ALL_PERMISSIONS,
  BOT_ROLE_PERMISSIONS,
  defaultGuild,
  generatedGuilds,
  IDS,
  PERMISSIONS,
  secondGuild,
} from './fixtures.js';
export { GUILDS_PER_SHARD, shardOf } from './gateway.js';
export { checkModal, modalSubmission } from './modals.js';
export { startEmulator } from './server.js';
export type * from './types.js';
