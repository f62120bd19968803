import { z } from 'zod';

/**
 * Every custom_id the bot puts on a component or modal is built and parsed here.
 * State lives in the id (and the database), never in memory, so buttons keep working after a restart.
 * Encoding: `kind:field:field`, each kind with a fixed list of fields; anything that does not parse is rejected.
 */
const section = z.enum(['overview', 'benefits', 'risks', 'legality', 'summary']);
const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const id = z.coerce.number().int().positive();
const page = z.coerce.number().int().min(0).max(10_000);
const rsvpStatus = z.enum(['going', 'maybe', 'no']);
const snowflake = z.string().regex(/^\d{17,20}$/);
const epochMs = z.coerce.number().int().positive();

const kinds = {
  /** Switch the section of a /modality message in place. */
  mod: z.tuple([slug, section]),
  /** Open a search result as a new excerpt. */
  open: z.tuple([slug, section]),
  /** Read: <page title> on an announcement: the discussion's topic page, shown to the member alone. */
  read: z.tuple([slug]),
  /** The "Explore more healing modalities" select on a page (the chosen page is its value). */
  explore: z.tuple([slug]),
  /** "I'd join a discussion on this" under a page with no discussion planned: toggles the member's interest. */
  interest: z.tuple([slug]),
  /** Page through /library list. */
  list: z.tuple([page]),
  rsvp: z.tuple([id, rsvpStatus]),
  ask: z.tuple([id]),
  /** The modal that Ask a question opens. */
  question: z.tuple([id]),
  ics: z.tuple([id]),
  /** Can't make it, on a reminder. */
  cant: z.tuple([id]),
  attendees: z.tuple([id, page]),
  events: z.tuple([page]),
  /**
   * /privacy forget's Erase (yes) or Cancel (no): the member it was offered to, and when the offer ends (ms since
   * the epoch), so a click after a restart is judged as before it.
   */
  forget: z.tuple([z.enum(['yes', 'no']), snowflake, epochMs]),
} as const;

type Kinds = typeof kinds;
export type CustomIdKind = keyof Kinds;
export type CustomIdOf<K extends CustomIdKind> = { kind: K; args: z.infer<Kinds[K]> };
export type CustomId = { [K in CustomIdKind]: CustomIdOf<K> }[CustomIdKind];

export const CUSTOM_ID_MAX = 100;

export function customId<K extends CustomIdKind>(kind: K, ...args: z.input<Kinds[K]>): string {
  const value = [kind, ...args].join(':');
  if (value.length > CUSTOM_ID_MAX) throw new Error(`custom_id over ${CUSTOM_ID_MAX} characters: ${value}`);
  if (parseCustomId(value) === undefined) throw new Error(`custom_id does not round-trip: ${value}`);
  return value;
}

/** Returns undefined for ids that were tampered with or come from an older version of the bot. */
export function parseCustomId(value: string): CustomId | undefined {
  const [kind, ...rest] = value.split(':');
  if (kind === undefined || !Object.hasOwn(kinds, kind)) return undefined;
  const schema = kinds[kind as CustomIdKind];
  const parsed = schema.safeParse(rest);
  return parsed.success ? ({ kind, args: parsed.data } as CustomId) : undefined;
}
