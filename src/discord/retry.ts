import { setTimeout as sleep } from 'node:timers/promises';
import { DiscordAPIError } from 'discord.js';

/**
 * Pauses before each further round. @discordjs/rest already repeats a request that met a 5xx or a network error
 * three times, back to back; a round after a pause gives a short outage of Discord's the time to pass.
 */
export const RETRY_PAUSES_MS = [1_000, 2_000] as const;

/**
 * Discord answered with a refusal (a 4xx with a JSON error code): the same request would be refused again. Anything
 * else (a 5xx after @discordjs/rest's own retries, a network failure) may go through later.
 */
export const isRefusal = (error: unknown): error is DiscordAPIError => error instanceof DiscordAPIError;

/** Runs `attempt`, again after each pause while it fails with something other than a refusal; throws the last error. */
export async function retryUnlessRefused<T>(
  attempt: () => Promise<T>,
  pausesMs: readonly number[] = RETRY_PAUSES_MS,
): Promise<T> {
  for (const pause of pausesMs) {
    try {
      return await attempt();
    } catch (error) {
      if (isRefusal(error)) throw error;
      await sleep(pause);
    }
  }
  return attempt();
}
