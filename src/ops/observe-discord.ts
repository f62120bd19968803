import { performance } from 'node:perf_hooks';
import { type APIRequest, type Client, type RateLimitData, RESTEvents, type ResponseLike } from 'discord.js';
import type { InteractionObserver } from '../discord/dispatch.js';
import type { BotMetrics } from './metrics.js';

const INTERACTIONS = '/interactions/';

/** The interaction whose callback a request path is (`/interactions/{id}/{token}/callback`), else undefined. */
function callbackOf(path: string): string | undefined {
  if (!path.startsWith(INTERACTIONS) || !path.endsWith('/callback')) return undefined;
  return path.slice(INTERACTIONS.length, path.indexOf('/', INTERACTIONS.length));
}

/**
 * Feeds the metrics from the client: each interaction's route and outcome (through the dispatcher), the time from its
 * arrival to the first answer Discord accepted (its callback: a reply, a deferral, an update, a modal or choices),
 * Discord's 429s and the waits discord.js imposes to stay inside rate limits.
 */
export function observeDiscord(client: Client, metrics: BotMetrics): InteractionObserver {
  // Interactions in flight: an entry lives from the dispatch to the end of its handler, which awaits the callback.
  const arrivals = new Map<string, number>();
  client.rest.on(RESTEvents.Response, (request: APIRequest, response: ResponseLike) => {
    if (response.status === 429) metrics.rateLimited();
    const id = callbackOf(request.path);
    const arrived = id === undefined ? undefined : arrivals.get(id);
    if (id === undefined || arrived === undefined || !response.ok) return;
    arrivals.delete(id);
    metrics.firstAnswer((performance.now() - arrived) / 1000);
  });
  client.rest.on(RESTEvents.RateLimited, (info: RateLimitData) => metrics.rateLimitWait(info.retryAfter / 1000));
  return {
    started: (interaction) => arrivals.set(interaction.id, performance.now()),
    finished(interaction, route, outcome) {
      arrivals.delete(interaction.id);
      metrics.interaction(route, outcome);
    },
  };
}
