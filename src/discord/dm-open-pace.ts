import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Discord refuses DM channels opened too fast (40003) but publishes no rate (resources/user, Create DM). Our guess
 * is 10 a second, a fifth of the global limit; the pace never goes faster than that, and learns from each refusal
 * instead of trusting the guess.
 */
const START_GAP_MS = 100;
const MAX_GAP_MS = 30_000;
/** Openings in a row without refusal before the gap shrinks by a quarter, back toward the least gap. */
const RECOVER_AFTER = 10;
/** Openings in a row without refusal before the least gap itself eases by a tenth back toward the guess. */
const FORGET_AFTER = 1_000;

/**
 * The pace of POST /users/@me/channels for one bot, shared by everything that opens DM channels. A refusal doubles
 * the gap between openings (quickly back under whatever Discord allows) and raises the least gap by a tenth over
 * the one refused, so the pace settles just under Discord's rate instead of hitting it again and again.
 */
export class DmOpenPace {
  private gapMs = START_GAP_MS;
  private leastGapMs = START_GAP_MS;
  private nextAt = 0;
  private streak = 0;
  /** Bumped by each refusal, so that openings waiting for a slot taken before it wait again. */
  private refusals = 0;

  /** The gap kept between openings now, in ms. */
  get gap(): number {
    return this.gapMs;
  }

  /** Resolves when the caller may open a DM channel. */
  async turn(): Promise<void> {
    for (;;) {
      const epoch = this.refusals;
      const now = Date.now();
      const at = Math.max(now, this.nextAt);
      this.nextAt = at + this.gapMs;
      if (at > now) await sleep(at - now);
      if (epoch === this.refusals) return;
    }
  }

  opened(): void {
    this.streak++;
    if (this.streak % RECOVER_AFTER === 0) this.gapMs = Math.max(this.leastGapMs, Math.round((this.gapMs * 3) / 4));
    if (this.streak % FORGET_AFTER === 0)
      this.leastGapMs = Math.max(START_GAP_MS, Math.round((this.leastGapMs * 9) / 10));
  }

  /**
   * Discord answered 40003: no opening is made before `retryAfterMs` (Discord's retry_after when it sends one) or
   * else the new gap, so that refusals in a row wait twice as long each time. Returns the wait.
   */
  refused(retryAfterMs?: number): number {
    this.streak = 0;
    this.refusals++;
    this.leastGapMs = Math.min(MAX_GAP_MS, Math.max(this.leastGapMs, Math.round(this.gapMs * 1.1)));
    this.gapMs = Math.min(MAX_GAP_MS, this.gapMs * 2);
    const wait = retryAfterMs ?? this.gapMs;
    this.nextAt = Math.max(this.nextAt, Date.now() + wait);
    return wait;
  }
}
