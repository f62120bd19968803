import { performance } from 'node:perf_hooks';
import { type Client, type RateLimitData, RESTEvents } from 'discord.js';
import type { InteractionObserver } from '../discord/dispatch.js';
import { DiscordRest } from '../discord/rest.js';
import type { BotMetrics } from './metrics.js';

/**
 * Feeds the metrics from the client: each interaction's route and outcome (through the dispatcher), the time from its
 * arrival to the first answer Discord accepted (its callback: a reply, a deferral, an update, a modal or choices),
 * and the waits discord.js imposes to stay inside rate limits. (Discord's 429s are counted by the REST manager.)
 */
export function observeDiscord(client: Client, metrics: BotMetrics): InteractionObserver {
  // Interactions in flight: an entry lives from the dispatch to the end of its handler, which awaits the callback.
  const arrivals = new Map<string, number>();
  if (client.rest instanceof DiscordRest) {
    client.rest.onCallbackAccepted = (id) => {
      const arrived = arrivals.get(id);
      if (arrived === undefined) return;
      arrivals.delete(id);
      metrics.firstAnswer((performance.now() - arrived) / 1000);
    };
  }
  client.rest.on(RESTEvents.RateLimited, (info: RateLimitData) => metrics.rateLimitWait(info.retryAfter / 1000));
  return {
    started: (interaction) => arrivals.set(interaction.id, performance.now()),
    finished(interaction, route, outcome) {
      arrivals.delete(interaction.id);
      metrics.interaction(route, outcome);
    },
  };
}
