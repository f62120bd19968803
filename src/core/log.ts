import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * Keys of a logged error never written: discord.js's REST errors carry the whole request they failed
 * (`requestBody`: titles, descriptions, questions, notes and reasons members typed), and a WorkDoneError what the
 * member was told (`told`), which quotes them too. Discord's answer (code, status, `rawError`) says what went wrong.
 */
const UNLOGGED_ERROR_KEYS = new Set(['requestBody', 'told']);

/** An interaction's token in a webhook or callback URL answers for it for 15 minutes: never logged. */
const INTERACTION_TOKEN = /\/(webhooks|interactions)\/(\d+)\/[^/?#]+/g;

/** pino's error serializer, then the keys above dropped at every depth (causes, aggregated errors). */
export function serializeError(error: unknown): unknown {
  return scrub(pino.stdSerializers.err(error as Error));
}

function scrub(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(INTERACTION_TOKEN, '/$1/$2/[redacted]');
  if (Array.isArray(value)) return value.map(scrub);
  if (value === null || typeof value !== 'object') return value;
  const kept: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!UNLOGGED_ERROR_KEYS.has(key)) kept[key] = scrub(inner);
  }
  return kept;
}

/**
 * Structured logs on stdout; the token is redacted wherever it might appear in a logged object, and errors lose
 * what members typed (see serializeError). Nothing a member typed is ever a log field: PRIVACY.md.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      serializers: { err: serializeError },
      redact: {
        paths: ['token', '*.token', 'DISCORD_TOKEN', '*.DISCORD_TOKEN', 'headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination ?? process.stdout,
  );
}
