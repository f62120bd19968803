import { ERRORS, type Handler, ok, type RouteContext } from './route-context.js';
import type { Json } from './types.js';

const getGatewayBot: Handler = (ctx) =>
  ok({
    url: ctx.gatewayUrl,
    shards: ctx.gateway.recommendedShards(),
    session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
  });

const getGateway: Handler = (ctx) => ok({ url: ctx.gatewayUrl });

const getApplication: Handler = (ctx) => {
  const owner = ctx.state.guilds.values().next().value?.fixture.ownerId ?? ctx.state.botUserId;
  return ok({
    id: ctx.state.applicationId,
    name: 'Healing Library',
    icon: null,
    description: 'The Healing Library bot (emulated).',
    type: null,
    bot: ctx.state.userPayload(ctx.state.botUserId),
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: 0,
    flags_new: '0',
    redirect_uris: [],
    interactions_endpoint_url: null,
    role_connections_verification_url: null,
    owner: ctx.state.userPayload(owner),
    approximate_guild_count: ctx.state.guilds.size,
    approximate_user_install_count: 0,
    approximate_user_authorization_count: 0,
    explicit_content_filter: 0,
    team: null,
    eligible_oauth2_scopes: ['bot', 'applications.commands'],
  });
};

function scopeOf(ctx: RouteContext): string | undefined {
  if (ctx.params.application_id !== ctx.state.applicationId) return undefined;
  const guildId = ctx.params.guild_id;
  if (guildId === undefined) return 'global';
  return ctx.state.guilds.has(guildId) ? guildId : undefined;
}

function commandObject(ctx: RouteContext, scope: string, body: Json, previous: Json[]) {
  const existing = previous.find((c) => c.name === body.name && (c.type ?? 1) === (body.type ?? 1));
  return {
    id: existing?.id ?? ctx.state.nextId(),
    application_id: ctx.state.applicationId,
    version: ctx.state.nextId(),
    default_member_permissions:
      body.default_member_permissions == null ? null : String(body.default_member_permissions),
    type: body.type ?? 1,
    name: body.name,
    description: body.description ?? '',
    ...(body.name_localizations ? { name_localizations: body.name_localizations } : {}),
    ...(body.description_localizations ? { description_localizations: body.description_localizations } : {}),
    ...(scope === 'global' ? {} : { guild_id: scope }),
    dm_permission: body.dm_permission ?? true,
    contexts: body.contexts ?? null,
    integration_types: body.integration_types ?? [0],
    ...(body.options ? { options: body.options } : {}),
    nsfw: body.nsfw ?? false,
  };
}

const putCommands: Handler = (ctx) => {
  const scope = scopeOf(ctx);
  if (!scope) return ctx.params.guild_id ? ERRORS.missingAccess() : ERRORS.unknownCommand();
  const previous = ctx.state.commands.get(scope) ?? [];
  const list = (Array.isArray(ctx.req.body) ? ctx.req.body : []).map((c) => commandObject(ctx, scope, c, previous));
  ctx.state.commands.set(scope, list);
  return ok(list);
};

const getCommands: Handler = (ctx) => {
  const scope = scopeOf(ctx);
  if (!scope) return ctx.params.guild_id ? ERRORS.missingAccess() : ERRORS.unknownCommand();
  return ok(ctx.state.commands.get(scope) ?? []);
};

export const appRoutes: Array<[string, string, Handler]> = [
  ['GET', '/gateway/bot', getGatewayBot],
  ['GET', '/gateway', getGateway],
  ['GET', '/applications/@me', getApplication],
  ['PUT', '/applications/{application_id}/commands', putCommands],
  ['GET', '/applications/{application_id}/commands', getCommands],
  ['PUT', '/applications/{application_id}/guilds/{guild_id}/commands', putCommands],
  ['GET', '/applications/{application_id}/guilds/{guild_id}/commands', getCommands],
];
