import { UserError } from '../core/errors.js';

const UNIT_MINUTES = { m: 1, h: 60, d: 1_440, w: 10_080 } as const;
const OFFSET = /^(\d{1,5})([mhdw])$/;
/** Four weeks: a reminder further ahead than that is a typo, not a plan. */
export const MAX_OFFSET_MINUTES = 4 * 10_080;
export const OFFSET_EXAMPLES = '`24h,1h`, `3d`, `30m` or `none`';

/** One duration such as `3d` or `90m`, in minutes. */
export function parseDuration(text: string, what = 'duration'): number {
  const match = OFFSET.exec(text.trim().toLowerCase());
  const minutes = match ? Number(match[1]) * UNIT_MINUTES[match[2] as keyof typeof UNIT_MINUTES] : 0;
  if (!match || minutes <= 0) {
    throw new UserError(
      `\`${text.slice(0, 40)}\` is not a ${what}. Use a whole number followed by m, h, d or w, such as \`3d\` or \`90m\`.`,
    );
  }
  if (minutes > MAX_OFFSET_MINUTES) throw new UserError(`A ${what} can be at most 4 weeks (\`4w\`).`);
  return minutes;
}

/** A comma-separated list of reminder offsets (`24h,1h`), or `none`; sorted from the earliest reminder, duplicates dropped. */
export function parseOffsets(text: string): number[] {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'none') return [];
  const parts = trimmed.split(',').map((part) => part.trim());
  if (parts.length > 10) throw new UserError('At most 10 reminders per discussion.');
  try {
    return [...new Set(parts.map((part) => parseDuration(part, 'reminder offset')))].sort((a, b) => b - a);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`${error.message} Examples: ${OFFSET_EXAMPLES}.`);
    throw error;
  }
}

export function formatDuration(minutes: number): string {
  for (const [unit, size] of [
    ['w', 10_080],
    ['d', 1_440],
    ['h', 60],
  ] as const) {
    if (minutes % size === 0) return `${minutes / size}${unit}`;
  }
  return `${minutes}m`;
}

export function formatOffsets(offsets: readonly number[]): string {
  return offsets.length ? offsets.map(formatDuration).join(',') : 'none';
}

/** How reminder offsets are stored in a TEXT column (discussions, series, guild_settings): JSON, or NULL for "inherit". */
export function offsetsToJson(offsets: readonly number[] | null | undefined): string | null {
  return offsets == null ? null : JSON.stringify(offsets);
}

export function offsetsFromJson(text: string | null): number[] | null {
  return text == null ? null : (JSON.parse(text) as number[]);
}
