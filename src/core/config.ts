import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { StartupError } from './errors.js';
import { timeZoneSpelling } from './time-zone.js';

const snowflake = z
  .string({ error: 'is required (a Discord id, 17 to 20 digits)' })
  .regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');

const positiveWhole = /^[1-9]\d{0,3}$/;

export const configSchema = z.object({
  DISCORD_TOKEN: z.string({ error: 'is required (the bot token from the Developer Portal)' }).min(1),
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:8080/api' })
    .transform((url) => url.replace(/\/+$/, ''))
    .default('https://discord.com/api'),
  DATABASE_PATH: z.string().min(1).default('data/bot.sqlite'),
  CONTENT_DIR: z.string().min(1).default('content'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEFAULT_TIMEZONE: z
    .string()
    .refine(
      (zone) => timeZoneSpelling(zone) !== undefined,
      'must be an IANA time zone such as Europe/Paris or America/New_York',
    )
    // europe/paris is Europe/Paris, as /setup stores it; Europe/Kyiv stays Europe/Kyiv.
    .transform((zone) => timeZoneSpelling(zone) ?? zone)
    .default('UTC'),
  HEALTH_PORT: z.coerce
    .number({ error: 'must be a port number from 1 to 65535 (0: any free port, logged)' })
    .int('must be a port number from 1 to 65535 (0: any free port, logged)')
    .min(0, 'must be a port number from 1 to 65535 (0: any free port, logged)')
    .max(65535, 'must be a port number from 1 to 65535 (0: any free port, logged)')
    .optional(),
  HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
  // Nightly backups: off unless a folder is given; the scheduler's lease holder writes them, at BACKUP_AT.
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP: z.coerce
    .number({ error: 'must be a whole number from 1 (how many nightly backups to keep)' })
    .int('must be a whole number from 1 (how many nightly backups to keep)')
    .min(1, 'must be a whole number from 1 (how many nightly backups to keep)')
    .default(7),
  BACKUP_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM, such as 03:30')
    .default('03:30'),
  // Above 1, `npm start` runs discord.js's ShardingManager (src/sharding/); `auto` asks GET /gateway/bot.
  SHARD_COUNT: z
    .string()
    .refine((v) => v === 'auto' || positiveWhole.test(v), 'must be a whole number from 1 to 9999, or auto')
    .transform((v): number | 'auto' => (v === 'auto' ? 'auto' : Number(v)))
    .default(1),
  SHARDS_PER_PROCESS: z
    .string()
    .regex(positiveWhole, 'must be a whole number from 1 to 9999')
    .transform(Number)
    .default(1),
});

export type Config = z.infer<typeof configSchema>;

/** One path setting read as the bot reads it (an empty value is unset), for tools that need no token. */
function pathSetting(env: Record<string, string | undefined>, key: 'DATABASE_PATH' | 'CONTENT_DIR'): string {
  const value = env[key];
  return configSchema.shape[key].parse(value === '' ? undefined : value);
}

/** DATABASE_PATH, for `npm run backup`. */
export const databasePath = (env: Record<string, string | undefined>) => pathSetting(env, 'DATABASE_PATH');

/** CONTENT_DIR, for the editors' tools (`npm run content:check`, `content:import`). */
export const contentDir = (env: Record<string, string | undefined>) => pathSetting(env, 'CONTENT_DIR');

/** Reads `.env` when present; variables already in the environment win, as with dotenv. */
export function readEnvFile(path = '.env'): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}

/**
 * Validates the whole environment once and reports every problem in one message.
 * Values are never echoed back, so the token cannot leak through an error.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = configSchema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.') || 'environment'} ${issue.message}`);
  throw new StartupError(`Invalid settings (see .env.example):\n${problems.join('\n')}`);
}
