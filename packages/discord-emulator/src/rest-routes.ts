import type { Handler } from './route-context.js';
import { appRoutes } from './routes-app.js';
import { channelRoutes } from './routes-channels.js';
import { guildRoutes } from './routes-guilds.js';
import { interactionRoutes } from './routes-interactions.js';

interface CompiledRoute {
  method: string;
  template: string;
  segments: string[];
  handler: Handler;
}

export interface RouteMatch {
  template: string;
  params: Record<string, string>;
  handler?: Handler;
}

const literalCount = (segments: string[]) => segments.filter((s) => !s.startsWith('{')).length;

/** Most literal segments first, so `/messages/@original` wins over `/messages/{message_id}`. */
const ROUTES: CompiledRoute[] = [...appRoutes, ...channelRoutes, ...guildRoutes, ...interactionRoutes]
  .map(([method, template, handler]) => ({ method, template, segments: template.split('/').slice(1), handler }))
  .sort((a, b) => literalCount(b.segments) - literalCount(a.segments));

function matchSegments(route: CompiledRoute, parts: string[]): Record<string, string> | undefined {
  if (route.segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const segment = route.segments[i] as string;
    const part = parts[i] as string;
    if (segment.startsWith('{')) params[segment.slice(1, -1)] = part;
    else if (segment !== part) return undefined;
  }
  return params;
}

/**
 * Finds the handler for a decoded path. A path known for another method still yields its template
 * (so the request is recorded under it) but no handler.
 */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const parts = path.split('/').slice(1);
  let other: RouteMatch | undefined;
  for (const route of ROUTES) {
    const params = matchSegments(route, parts);
    if (!params) continue;
    if (route.method === method) return { template: route.template, params, handler: route.handler };
    other ??= { template: route.template, params };
  }
  return other;
}
