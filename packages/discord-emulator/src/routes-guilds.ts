import { PERMISSIONS } from './fixtures.js';
import type { Gateway } from './gateway.js';
import { has } from './permissions.js';
import {
  ERRORS,
  fail,
  fieldError,
  type Handler,
  noContent,
  ok,
  type Reply,
  type RouteContext,
} from './route-context.js';
import { advanceAll, ENTITY, isFinished, STATUS } from './scheduled-event-status.js';
import type { EmulatorState, GuildState } from './state.js';
import type { Json } from './types.js';

export const SCHEDULED_EVENTS_INTENT = 1 << 16;
const MAX_UPCOMING_EVENTS = 100;
/**
 * SCHEDULED may start or be canceled, ACTIVE may only complete (resources/guild-scheduled-event.mdx, "Valid Guild
 * Scheduled Event Status Transitions"). The docs give no error for another transition: the emulator answers 50035.
 */
const ALLOWED_TRANSITIONS: Record<number, number[]> = {
  [STATUS.SCHEDULED]: [STATUS.SCHEDULED, STATUS.ACTIVE, STATUS.CANCELED],
  [STATUS.ACTIVE]: [STATUS.ACTIVE, STATUS.COMPLETED],
};

function guildOf(ctx: RouteContext): GuildState | undefined {
  return ctx.state.guild(ctx.params.guild_id as string);
}

/** Moves a server's events on to Discord's clock before they are read or changed, telling the clients of each. */
export function advanceEvents(state: EmulatorState, gateway: Gateway, guild: GuildState): void {
  for (const event of advanceAll(guild.scheduledEvents, state.now()))
    gateway.broadcast('GUILD_SCHEDULED_EVENT_UPDATE', event, SCHEDULED_EVENTS_INTENT, guild.fixture.id);
}

/** The server of the route, its events brought up to now. */
function guildWithEvents(ctx: RouteContext): GuildState | undefined {
  const guild = guildOf(ctx);
  if (guild) advanceEvents(ctx.state, ctx.gateway, guild);
  return guild;
}

const getGuild: Handler = (ctx) => {
  const guild = guildOf(ctx);
  return guild ? ok(ctx.state.guildPayload(guild)) : ERRORS.unknownGuild();
};

const getChannels: Handler = (ctx) => {
  const guild = guildOf(ctx);
  if (!guild) return ERRORS.unknownGuild();
  return ok(guild.fixture.channels.map((c) => ctx.state.channelPayload(guild, c)));
};

const getRoles: Handler = (ctx) => {
  const guild = guildOf(ctx);
  return guild ? ok(ctx.state.rolesPayload(guild)) : ERRORS.unknownGuild();
};

const getRole: Handler = (ctx) => {
  const guild = guildOf(ctx);
  if (!guild) return ERRORS.unknownGuild();
  const role = ctx.state.rolesPayload(guild).find((r) => r.id === ctx.params.role_id);
  return role ? ok(role) : ERRORS.unknownRole();
};

const getMember: Handler = (ctx) => {
  const guild = guildOf(ctx);
  if (!guild) return ERRORS.unknownGuild();
  const member = ctx.state.memberPayload(guild, ctx.params.user_id as string);
  return member ? ok(member) : ERRORS.unknownMember();
};

/** Discord's own checks on an event body, beyond what the OpenAPI file types. */
function checkEvent(guild: GuildState, event: Json): Reply | undefined {
  if (typeof event.name !== 'string' || event.name.length < 1 || event.name.length > 100) {
    return fieldError('name', 'Must be between 1 and 100 in length.');
  }
  if (event.description && event.description.length > 1000)
    return fieldError('description', 'Must be 1000 or fewer in length.');
  if (event.privacy_level !== 2) return fieldError('privacy_level', 'Value must be one of {2}.');
  const start = Date.parse(event.scheduled_start_time);
  if (Number.isNaN(start)) return fieldError('scheduled_start_time', 'Could not parse the time.');
  const end = event.scheduled_end_time ? Date.parse(event.scheduled_end_time) : undefined;
  if (end !== undefined && !(end > start)) return fieldError('scheduled_end_time', 'Must be after the start time.');
  if (event.entity_type === ENTITY.EXTERNAL) {
    const location = event.entity_metadata?.location;
    if (!location || location.length > 100)
      return fieldError('entity_metadata.location', 'Required, 1 to 100 characters.');
    if (end === undefined) return fieldError('scheduled_end_time', 'Required for external events.');
    if (event.channel_id) return fieldError('channel_id', 'External events have no channel.');
  } else {
    const channel = guild.fixture.channels.find((c) => c.id === event.channel_id);
    const wanted = event.entity_type === ENTITY.STAGE ? 13 : 2;
    if (!channel || channel.type !== wanted)
      return fieldError('channel_id', 'Must be a voice or stage channel of this guild.');
  }
  return undefined;
}

const STAGE_MODERATOR = PERMISSIONS.MANAGE_CHANNELS | PERMISSIONS.MUTE_MEMBERS | PERMISSIONS.MOVE_MEMBERS;

/**
 * What the bot needs for an event (resources/guild-scheduled-event.mdx, "Guild Scheduled Event Permissions
 * Requirements"), computed in the event's channel for a voice or stage event (overwrites and implicit denials
 * included: no View Channel there, nothing), at the server level for an external one. To create: Create Events
 * (Manage Events alone no longer lets a bot create one since 23 Feb 2026, change log 2025-11-20); to change or delete
 * its own event: Create Events or Manage Events. Plus View Channel and Connect in a voice channel, Manage Channels,
 * Mute Members and Move Members in a stage. Every event here is the bot's own.
 */
function eventPermissionRefusal(
  ctx: RouteContext,
  guild: GuildState,
  event: Json,
  action: 'create' | 'modify',
): Reply | undefined {
  const external = event.entity_type === ENTITY.EXTERNAL;
  const bits = external
    ? ctx.state.botGuildPermissions(guild)
    : ctx.state.botPermissionsIn(guild.fixture.id, event.channel_id);
  if (!external && !has(bits, PERMISSIONS.VIEW_CHANNEL)) return ERRORS.missingAccess();
  const events =
    action === 'create' ? PERMISSIONS.CREATE_EVENTS : PERMISSIONS.CREATE_EVENTS | PERMISSIONS.MANAGE_EVENTS;
  if (!(bits & events)) return ERRORS.missingPermissions();
  if (external) return undefined;
  const needed = event.entity_type === ENTITY.STAGE ? STAGE_MODERATOR : PERMISSIONS.VIEW_CHANNEL | PERMISSIONS.CONNECT;
  return has(bits, needed) ? undefined : ERRORS.missingPermissions();
}

/** Reading a voice or stage event needs View Channel in its channel (same section, "Get Permissions"). */
function canSee(ctx: RouteContext, event: Json): boolean {
  return event.entity_type === ENTITY.EXTERNAL || ctx.state.canView(event.guild_id, event.channel_id);
}

const createEvent: Handler = (ctx) => {
  const guild = guildWithEvents(ctx);
  if (!guild) return ERRORS.unknownGuild();
  const body = (ctx.req.body ?? {}) as Json;
  const draft = { ...body, privacy_level: body.privacy_level ?? 2 };
  const invalid = checkEvent(guild, draft);
  if (invalid) return invalid;
  const refused = eventPermissionRefusal(ctx, guild, draft, 'create');
  if (refused) return refused;
  const upcoming = [...guild.scheduledEvents.values()].filter((e) => e.status <= STATUS.ACTIVE).length;
  if (upcoming >= MAX_UPCOMING_EVENTS)
    return fail(400, 30038, 'Maximum number of uncompleted guild scheduled events reached (100)');
  if (Date.parse(draft.scheduled_start_time) < ctx.state.now()) {
    return fieldError('scheduled_start_time', 'Cannot schedule event in the past.');
  }
  const external = draft.entity_type === ENTITY.EXTERNAL;
  const event = {
    id: ctx.state.nextId(),
    guild_id: guild.fixture.id,
    channel_id: external ? null : draft.channel_id,
    creator_id: ctx.state.botUserId,
    creator: ctx.state.userPayload(ctx.state.botUserId),
    name: draft.name,
    description: draft.description ?? null,
    image: null,
    scheduled_start_time: new Date(draft.scheduled_start_time).toISOString(),
    scheduled_end_time: draft.scheduled_end_time ? new Date(draft.scheduled_end_time).toISOString() : null,
    status: STATUS.SCHEDULED,
    entity_type: draft.entity_type,
    entity_id: null,
    entity_metadata: external ? { location: draft.entity_metadata.location } : null,
    recurrence_rule: null,
    privacy_level: 2,
    user_count: 0,
    guild_scheduled_event_exceptions: [],
  };
  guild.scheduledEvents.set(event.id, event);
  ctx.gateway.broadcast('GUILD_SCHEDULED_EVENT_CREATE', event, SCHEDULED_EVENTS_INTENT, guild.fixture.id);
  return ok(event);
};

const listEvents: Handler = (ctx) => {
  const guild = guildWithEvents(ctx);
  return guild ? ok([...guild.scheduledEvents.values()].filter((e) => canSee(ctx, e))) : ERRORS.unknownGuild();
};

const getEvent: Handler = (ctx) => {
  const event = guildWithEvents(ctx)?.scheduledEvents.get(ctx.params.guild_scheduled_event_id as string);
  if (!event) return ERRORS.unknownEvent();
  return canSee(ctx, event) ? ok(event) : ERRORS.missingAccess();
};

const patchEvent: Handler = (ctx) => {
  const guild = guildWithEvents(ctx);
  const event = guild?.scheduledEvents.get(ctx.params.guild_scheduled_event_id as string);
  if (!guild || !event) return ERRORS.unknownEvent();
  const refused = eventPermissionRefusal(ctx, guild, event, 'modify');
  if (refused) return refused;
  const body = (ctx.req.body ?? {}) as Json;
  // "Once status is set to COMPLETED or CANCELED, the status can no longer be updated" (guild-scheduled-event.mdx,
  // "Guild Scheduled Event Status"); the code and message are topics/opcodes-and-status-codes.mdx's.
  if (isFinished(event)) return fail(400, 180000, 'Cannot update a finished event');
  if (body.status !== undefined && !ALLOWED_TRANSITIONS[event.status]?.includes(body.status)) {
    return fieldError('status', `Cannot change status from ${event.status} to ${body.status}.`);
  }
  const next = { ...event, ...body, entity_metadata: body.entity_metadata ?? event.entity_metadata };
  const invalid = checkEvent(guild, next);
  if (invalid) return invalid;
  // Moved into another channel (or made a voice or stage event): the bot must be allowed there too.
  const refusedThere = eventPermissionRefusal(ctx, guild, next, 'modify');
  if (refusedThere) return refusedThere;
  if (next.entity_type === ENTITY.EXTERNAL) next.channel_id = null;
  for (const key of ['scheduled_start_time', 'scheduled_end_time'] as const) {
    if (next[key]) next[key] = new Date(next[key]).toISOString();
  }
  guild.scheduledEvents.set(event.id, next);
  ctx.gateway.broadcast('GUILD_SCHEDULED_EVENT_UPDATE', next, SCHEDULED_EVENTS_INTENT, guild.fixture.id);
  return ok(next);
};

const deleteEvent: Handler = (ctx) => {
  const guild = guildWithEvents(ctx);
  const event = guild?.scheduledEvents.get(ctx.params.guild_scheduled_event_id as string);
  if (!guild || !event) return ERRORS.unknownEvent();
  const refused = eventPermissionRefusal(ctx, guild, event, 'modify');
  if (refused) return refused;
  guild.scheduledEvents.delete(event.id);
  ctx.gateway.broadcast('GUILD_SCHEDULED_EVENT_DELETE', event, SCHEDULED_EVENTS_INTENT, guild.fixture.id);
  return noContent;
};

export const guildRoutes: Array<[string, string, Handler]> = [
  ['GET', '/guilds/{guild_id}', getGuild],
  ['GET', '/guilds/{guild_id}/channels', getChannels],
  ['GET', '/guilds/{guild_id}/roles', getRoles],
  ['GET', '/guilds/{guild_id}/roles/{role_id}', getRole],
  ['GET', '/guilds/{guild_id}/members/{user_id}', getMember],
  ['GET', '/guilds/{guild_id}/scheduled-events', listEvents],
  ['POST', '/guilds/{guild_id}/scheduled-events', createEvent],
  ['GET', '/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}', getEvent],
  ['PATCH', '/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}', patchEvent],
  ['DELETE', '/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}', deleteEvent],
];
