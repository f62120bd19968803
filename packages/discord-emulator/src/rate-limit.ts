import type { RateLimitOptions } from './types.js';

export interface Verdict {
  limited: boolean;
  headers: Record<string, string>;
  body?: { message: string; retry_after: number; global: boolean; code?: number };
}

interface Bucket {
  count: number;
  resetAt: number;
}

/** Values reported when limiting is off: large enough that @discordjs/rest never queues on them. */
const UNLIMITED = { limit: 10_000, windowMs: 1_000 };

const MAJOR_PARAMS = ['channel_id', 'guild_id', 'webhook_id', 'interaction_id'] as const;

/**
 * Fixed-window buckets per route and major parameter, plus Discord's global per-second limit.
 * Interaction endpoints (callbacks, and the interaction webhook's follow-ups and edits) are exempt from the global
 * limit, as on Discord.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private globalWindow: Bucket = { count: 0, resetAt: 0 };
  private readonly perRoute: { limit: number; windowMs: number };

  constructor(
    private readonly options: RateLimitOptions | undefined,
    private readonly applicationId: string,
  ) {
    this.perRoute = options?.perRoute ?? UNLIMITED;
  }

  check(method: string, route: string, params: Record<string, string>, now: number): Verdict {
    const bucketHash = `${method}:${route}`;
    const key = `${bucketHash}:${MAJOR_PARAMS.map((p) => params[p] ?? '').join(':')}`;
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.resetAt <= now) {
      if (this.buckets.size > 10_000) this.purge(now);
      bucket = { count: 0, resetAt: now + this.perRoute.windowMs };
      this.buckets.set(key, bucket);
    }
    const global = this.options?.globalPerSecond;
    const interaction =
      route.startsWith('/interactions/') ||
      (route.startsWith('/webhooks/') && params.webhook_id === this.applicationId);
    if (global !== undefined && !interaction) {
      if (this.globalWindow.resetAt <= now) this.globalWindow = { count: 0, resetAt: now + 1000 };
      if (this.globalWindow.count >= global)
        return this.tooMany(this.globalWindow.resetAt - now, true, bucket, bucketHash, now);
      this.globalWindow.count++;
    }
    if (this.options?.perRoute && bucket.count >= this.perRoute.limit) {
      return this.tooMany(bucket.resetAt - now, false, bucket, bucketHash, now);
    }
    bucket.count++;
    return { limited: false, headers: this.headers(bucket, bucketHash, now) };
  }

  /** Every interaction and webhook token is its own bucket; drop the expired ones so long runs stay small. */
  private purge(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.resetAt <= now) this.buckets.delete(key);
  }

  private headers(bucket: Bucket, hash: string, now: number): Record<string, string> {
    const resetAfter = Math.max(0, bucket.resetAt - now) / 1000;
    return {
      'x-ratelimit-limit': String(this.perRoute.limit),
      'x-ratelimit-remaining': String(Math.max(0, this.perRoute.limit - bucket.count)),
      'x-ratelimit-reset': ((now + resetAfter * 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': Buffer.from(hash).toString('hex').slice(0, 32),
    };
  }

  private tooMany(waitMs: number, global: boolean, bucket: Bucket, hash: string, now: number): Verdict {
    const retryAfter = Math.max(0.001, waitMs / 1000);
    const headers: Record<string, string> = {
      ...this.headers(bucket, hash, now),
      'retry-after': retryAfter.toFixed(3),
    };
    headers['x-ratelimit-remaining'] = '0';
    headers['x-ratelimit-scope'] = global ? 'global' : 'user';
    if (global) headers['x-ratelimit-global'] = 'true';
    return {
      limited: true,
      headers,
      body: {
        message: 'You are being rate limited.',
        retry_after: Number(retryAfter.toFixed(3)),
        global,
        ...(global ? {} : { code: 0 }),
      },
    };
  }
}
