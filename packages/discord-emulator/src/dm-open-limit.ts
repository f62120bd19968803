import type { Reply } from './route-context.js';

/**
 * Discord refuses DM channels opened too fast with JSON code 40003, "You are opening direct messages too fast"
 * (topics/opcodes-and-status-codes, JSON error codes; resources/user, Create DM: "If you open a significant amount
 * of DMs too quickly, your bot may be rate limited or blocked from opening new ones"). The docs give neither the
 * rate, nor the HTTP status, nor a retry_after: the emulator counts every POST /users/@me/channels in fixed
 * windows (10 a second unless told otherwise) and answers 403 with the code and message only.
 */
export const DM_OPENS = { limit: 10, windowMs: 1_000 };

export class DmOpenLimit {
  private count = 0;
  private resetAt = 0;

  constructor(private readonly options: { limit: number; windowMs: number }) {}

  /** The refusal when this opening is one too many in its window, else null (and the opening is counted). */
  check(now: number): Reply | null {
    if (this.resetAt <= now) {
      this.count = 0;
      this.resetAt = now + this.options.windowMs;
    }
    if (this.count >= this.options.limit)
      return { status: 403, body: { message: 'You are opening direct messages too fast', code: 40003 } };
    this.count++;
    return null;
  }
}
