import type { Reply } from './route-context.js';

/**
 * "IP addresses that make too many invalid HTTP requests are automatically and temporarily restricted from
 * accessing the Discord API. Currently, this limit is 10,000 per 10 minutes. An invalid request is one that results
 * in 401, 403, or 429 statuses. [...] 429 errors returned with X-RateLimit-Scope: shared are not counted against
 * you." (topics/rate-limits, Invalid Request Limit). The docs do not say what a restricted IP is answered, nor for
 * how long: the emulator answers every request 429 (global) until its sliding window holds fewer than the limit,
 * and the crossing is reported in validationErrors, so a test that drives the bot there fails.
 */
export const INVALID_REQUESTS = { limit: 10_000, windowMs: 10 * 60_000 };

export class InvalidRequestBudget {
  private readonly times: number[] = [];

  constructor(private readonly options: { limit: number; windowMs: number }) {}

  record(status: number, scope: string | undefined, now: number): boolean {
    if (status !== 401 && status !== 403 && status !== 429) return false;
    if (status === 429 && scope === 'shared') return false;
    this.times.push(now);
    return true;
  }

  count(now: number): number {
    const oldest = now - this.options.windowMs;
    let expired = 0;
    while (expired < this.times.length && (this.times[expired] as number) <= oldest) expired++;
    if (expired > 0) this.times.splice(0, expired);
    return this.times.length;
  }

  /** The answer to every request while the IP is restricted, else null. */
  restriction(now: number): Reply | null {
    const count = this.count(now);
    if (count < this.options.limit) return null;
    // Free again once enough of the window's oldest requests have left it.
    const freeAt = (this.times[count - this.options.limit] as number) + this.options.windowMs;
    const retryAfter = Math.max(0.001, (freeAt - now) / 1_000).toFixed(3);
    return {
      status: 429,
      body: {
        message: 'You are being blocked from accessing our API temporarily (invalid request limit).',
        retry_after: Number(retryAfter),
        global: true,
      },
      headers: { 'retry-after': retryAfter, 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
    };
  }
}
