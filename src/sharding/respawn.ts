/** A shard process that dies again within this of its last death counts as crashing in a row. */
export const CRASH_WINDOW_MS = 5 * 60_000;
/** The wait before the second start in a row; it doubles with each death after, up to RESPAWN_MAX_MS. */
export const RESPAWN_BASE_MS = 1_000;
export const RESPAWN_MAX_MS = 60_000;

export interface Deaths {
  /** Deaths in a row, each within CRASH_WINDOW_MS of the one before. */
  inARow: number;
  lastAt: number;
}

/**
 * When to start a dead shard process again: at once after a death that follows a quiet spell (a process killed,
 * the machine short of memory once), then after 1, 2, 4 … 60 s while it keeps dying, so a process that cannot start
 * (a library page broken while the bot was down, a full disk) is not restarted at the speed it fails, filling the log.
 */
export function nextRespawn(previous: Deaths | undefined, now: number): { deaths: Deaths; delayMs: number } {
  const inARow = previous && now - previous.lastAt <= CRASH_WINDOW_MS ? previous.inARow + 1 : 1;
  const delayMs = inARow === 1 ? 0 : Math.min(RESPAWN_MAX_MS, RESPAWN_BASE_MS * 2 ** (inARow - 2));
  return { deaths: { inARow, lastAt: now }, delayMs };
}
