import { setTimeout as sleep } from 'node:timers/promises';

/** Discord restricts an IP after 10,000 invalid requests (401, 403, 429) in 10 minutes (topics/rate-limits). */
export const INVALID_LIMIT = 10_000;
const WINDOW_MS = 10 * 60_000;
/** A quarter of Discord's limit: from here on, DMs to members slow down, long before any restriction. */
export const SLOW_AT = INVALID_LIMIT / 4;
/** One DM a second while slowed: at most 600 invalid requests in 10 minutes can come from them then. */
const SLOW_GAP_MS = 1_000;

/**
 * The bot's invalid requests over the last 10 minutes, sliding, counted per second. A 429 with scope `shared` is a
 * resource's limit, which Discord does not count against the bot.
 */
export class InvalidRequestWindow {
  private readonly seconds: Array<{ at: number; n: number }> = [];
  private total = 0;
  private nextSlowAt = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  record(status: number, scope?: string | null): void {
    if (status !== 401 && status !== 403 && status !== 429) return;
    if (status === 429 && scope === 'shared') return;
    const at = Math.floor(this.clock() / 1_000);
    const last = this.seconds.at(-1);
    if (last?.at === at) last.n++;
    else this.seconds.push({ at, n: 1 });
    this.total++;
  }

  count(): number {
    const oldest = Math.floor((this.clock() - WINDOW_MS) / 1_000);
    while (this.seconds.length > 0 && (this.seconds[0] as { at: number }).at <= oldest)
      this.total -= (this.seconds.shift() as { n: number }).n;
    return this.total;
  }

  /**
   * Waits for its turn when the window holds SLOW_AT or more: then the callers (DMs to members) go one a second
   * between them all. Returns the count that caused a wait, or 0 when there was none.
   */
  async slowTurn(): Promise<number> {
    const count = this.count();
    if (count < SLOW_AT) return 0;
    const now = Date.now();
    const at = Math.max(now, this.nextSlowAt);
    this.nextSlowAt = at + SLOW_GAP_MS;
    if (at > now) await sleep(at - now);
    return count;
  }
}
