import {
  type APIGuildScheduledEvent,
  ChannelType,
  type Client,
  DiscordAPIError,
  GuildScheduledEventEntityType,
  GuildScheduledEventStatus,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  Routes,
} from 'discord.js';
import { botInGuild } from '../discord/bot-in-guild.js';
import { retryUnlessRefused } from '../discord/retry.js';
import { isAnnounced } from './announced.js';
import type { FiresideDeps } from './deps.js';
import { endsAt } from './discussion-store.js';
import { LINK_WITHHELD_TEXT, linkWithheld, shownLink } from './link-for.js';
import type { Discussion } from './types.js';

const NAME_MAX = 100;
const DESCRIPTION_MAX = 1_000;
const LOCATION_MAX = 100;

/** Where a discussion meets, as the bot sees it: the channel's kind and name, and whether it may host an event there. */
export interface Place {
  type: ChannelType;
  name: string;
  hostable: boolean;
}

/**
 * The Discord scheduled event mirroring a discussion: in its voice or stage channel when the bot may host one there,
 * else an external event naming the channel, the link, or "Discord".
 */
export function scheduledEventBody(discussion: Discussion, place: Place | undefined) {
  // Everyone in the server sees the event: a link kept for members going is only named.
  const shown = shownLink(discussion, 'others');
  const withheld = linkWithheld(discussion, 'others') ? `${LINK_WITHHELD_TEXT}.` : undefined;
  const description = [discussion.description, shown ?? withheld]
    .filter(Boolean)
    .join('\n\n')
    .slice(0, DESCRIPTION_MAX);
  const common = {
    name: discussion.title.slice(0, NAME_MAX),
    privacy_level: 2,
    scheduled_start_time: new Date(discussion.startsAt).toISOString(),
    scheduled_end_time: new Date(endsAt(discussion)).toISOString(),
    // A field left out of a PATCH keeps its value (resources/guild-scheduled-event.mdx, "Modify Guild Scheduled
    // Event"): a description cleared must be sent as null.
    description: description || null,
  };
  const voice = place?.type === ChannelType.GuildVoice || place?.type === ChannelType.GuildStageVoice;
  if (discussion.locationChannelId && voice && place?.hostable) {
    return {
      ...common,
      channel_id: discussion.locationChannelId,
      entity_type:
        place.type === ChannelType.GuildStageVoice
          ? GuildScheduledEventEntityType.StageInstance
          : GuildScheduledEventEntityType.Voice,
      entity_metadata: null,
    };
  }
  const link = shown && shown.length <= LOCATION_MAX ? shown : undefined;
  const channel = voice && place ? `On Discord, in ${place.name}`.slice(0, LOCATION_MAX) : undefined;
  // An external event must name a location (1 to 100 characters): without the link, where members going find it.
  const fallback = withheld ? LINK_WITHHELD_TEXT : 'On Discord: see the announcement';
  return {
    ...common,
    channel_id: null,
    entity_type: GuildScheduledEventEntityType.External,
    entity_metadata: { location: link ?? channel ?? fallback },
  };
}

/**
 * Discord computes an event's permissions in its channel (resources/guild-scheduled-event.mdx, "Guild Scheduled Event
 * Permissions Requirements"): Create Events there, plus View Channel and Connect in a voice channel, the stage
 * moderator's Manage Channels, Mute Members and Move Members in a stage. discord.js leaves out the implicit denials
 * (topics/permissions.mdx): without View Channel nothing applies, and in a stage Manage Channels needs Connect.
 */
const HOSTING: Partial<Record<ChannelType, bigint[]>> = {
  [ChannelType.GuildVoice]: [
    PermissionFlagsBits.CreateEvents,
    PermissionFlagsBits.ViewChannel,
    PermissionFlagsBits.Connect,
  ],
  [ChannelType.GuildStageVoice]: [
    PermissionFlagsBits.CreateEvents,
    PermissionFlagsBits.ViewChannel,
    PermissionFlagsBits.Connect,
    PermissionFlagsBits.ManageChannels,
    PermissionFlagsBits.MuteMembers,
    PermissionFlagsBits.MoveMembers,
  ],
};

/**
 * Where the discussion meets; an event is hosted in its channel only where the channel lets the bot, else external.
 * The server may be another shard's (the scheduler's lease holder serves every server): then it is asked of Discord.
 */
async function placeOf(client: Client, discussion: Discussion): Promise<Place | undefined> {
  const channelId = discussion.locationChannelId;
  if (!channelId) return undefined;
  const { guild, me } = await botInGuild(client, discussion.guildId).catch(() => ({ guild: null, me: null }));
  const channel =
    guild && (guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId).catch(() => null)));
  if (!channel || !me || !('permissionsFor' in channel)) return undefined;
  const needed = HOSTING[channel.type];
  return { type: channel.type, name: channel.name, hostable: !!needed && channel.permissionsFor(me).has(needed) };
}

/**
 * Whether the bot's roles let it create Discord events in the server, and change its own: Create Events, which
 * Discord requires of bots since 23 February 2026 (Manage Events alone no longer lets them create one).
 */
export async function canCreateEvents(client: Client, guildId: string): Promise<boolean> {
  const { me } = await botInGuild(client, guildId);
  return me.permissions.has(PermissionFlagsBits.CreateEvents);
}

/** How a discussion's Discord event came out of a change: as the discussion says, ended in Discord, or refused. */
export type EventSync = 'in-step' | 'ended' | 'refused' | 'failed';

/** The line a moderator reads about the Discord event after a change, when there is something to say. */
export function eventSyncNote(sync: EventSync): string | undefined {
  switch (sync) {
    case 'ended':
      return 'Its Discord event had already ended in Discord, so I left it as it is.';
    case 'refused':
      return 'The Discord event could not be changed to match: check that I have **Create Events** (in the server, and in its voice or stage channel), then edit it by hand.';
    case 'failed':
      return 'The Discord event could not be changed to match: Discord did not accept the change; edit it by hand.';
    default:
      return undefined;
  }
}

const { Scheduled, Active, Completed, Canceled } = GuildScheduledEventStatus;

/** Discord refuses any change to a completed or cancelled event (180000, topics/opcodes-and-status-codes.mdx). */
const isFinished = (event: APIGuildScheduledEvent) => event.status === Completed || event.status === Canceled;

const isCode = (error: unknown, code: number) => error instanceof DiscordAPIError && error.code === code;

/**
 * The discussion's event as Discord has it now (Discord moves events on by itself), or null. One deleted by hand in
 * Discord is forgotten, to be made again if the discussion is still on (and events still wanted).
 */
async function currentEvent(
  client: Client,
  deps: Pick<FiresideDeps, 'firesides'>,
  discussion: Discussion,
  now: number,
): Promise<APIGuildScheduledEvent | null> {
  if (!discussion.scheduledEventId) return null;
  try {
    return (await client.rest.get(
      Routes.guildScheduledEvent(discussion.guildId, discussion.scheduledEventId),
    )) as APIGuildScheduledEvent;
  } catch (error) {
    if (!isCode(error, RESTJSONErrorCodes.UnknownGuildScheduledEvent)) throw error;
    deps.firesides.discussions.setScheduledEvent(discussion.id, null, now);
    return null;
  }
}

function patchEvent(client: Client, event: APIGuildScheduledEvent, body: object) {
  return client.rest.patch(Routes.guildScheduledEvent(event.guild_id, event.id), { body });
}

/**
 * The change for an event still going: once begun (ACTIVE) its start is history and stays as it is; a voice or stage
 * event whose start has passed is started, since Discord never starts those by itself.
 */
function changesFor(event: APIGuildScheduledEvent, body: ReturnType<typeof scheduledEventBody>, started: boolean) {
  if (event.status === Active) {
    const { scheduled_start_time: _start, ...rest } = body;
    return rest;
  }
  return started && body.entity_type !== GuildScheduledEventEntityType.External ? { ...body, status: Active } : body;
}

/**
 * Creates, updates, completes or cancels the discussion's scheduled event so it matches the stored discussion.
 * Discord moves events on by itself (resources/guild-scheduled-event.mdx, "Guild Scheduled Event Status Update
 * Automation"): an external event begins at its start and ends at its end, one not begun hours after its start is
 * cancelled, and the only transitions are SCHEDULED → ACTIVE → COMPLETED and SCHEDULED → CANCELED. So the event is
 * read first: a cancelled discussion's event is cancelled if it has not begun, completed if it has; a finished one is
 * left as it is, or made anew for a discussion still ahead. A failure is logged and leaves the announcement alone:
 * the event is a mirror.
 */
export async function syncScheduledEvent(
  client: Client,
  deps: Pick<FiresideDeps, 'logger' | 'firesides' | 'now'>,
  discussion: Discussion,
): Promise<EventSync> {
  const now = deps.now().getTime();
  try {
    const event = await currentEvent(client, deps, discussion, now);
    const live = event && !isFinished(event) ? event : null;
    if (discussion.status === 'cancelled') {
      if (live) await patchEvent(client, live, { status: live.status === Active ? Completed : Canceled });
      return event && !live ? 'ended' : 'in-step';
    }
    const started = discussion.startsAt <= now;
    if (event && !live && started) return 'ended';
    const body = scheduledEventBody(discussion, await placeOf(client, discussion));
    // Begun (a host may start one early), and the discussion moved to a later start: an active event cannot be
    // scheduled again. Any other change to a begun event keeps it, its start left as it is.
    const movedLater =
      live?.status === Active && !started && discussion.startsAt > Date.parse(live.scheduled_start_time);
    if (live && !movedLater) {
      await patchEvent(client, live, changesFor(live, body, started));
      return 'in-step';
    }
    if (live) await patchEvent(client, live, { status: Completed });
    const enabled = deps.firesides.settings.get(discussion.guildId).nativeEvents;
    // An occurrence not announced yet gets its event with its announcement.
    if (!enabled || !isAnnounced(discussion)) return event && !live ? 'ended' : 'in-step';
    const created = (await client.rest.post(Routes.guildScheduledEvents(discussion.guildId), { body })) as {
      id: string;
    };
    try {
      deps.firesides.discussions.setScheduledEvent(discussion.id, created.id, now);
    } catch (error) {
      // Not saved (the database refused the write): an event nothing would ever move or cancel. Taken down again.
      await retryUnlessRefused(() =>
        client.rest.delete(Routes.guildScheduledEvent(discussion.guildId, created.id)),
      ).catch((deleteError: unknown) => {
        // Deleted meanwhile by someone else: nothing is left standing.
        if (isCode(deleteError, RESTJSONErrorCodes.UnknownGuildScheduledEvent)) return;
        deps.logger.warn(
          { err: deleteError, guildId: discussion.guildId, eventId: created.id },
          'a Discord event was created but not saved, and could not be deleted: delete it in the server',
        );
      });
      throw error;
    }
    return 'in-step';
  } catch (error) {
    // Moved on by Discord between the read and the change.
    if (isCode(error, 180_000)) return 'ended';
    deps.logger.warn(
      { err: error, discussionId: discussion.id, guildId: discussion.guildId },
      'scheduled event not in step',
    );
    const refused =
      isCode(error, RESTJSONErrorCodes.MissingPermissions) || isCode(error, RESTJSONErrorCodes.MissingAccess);
    return refused ? 'refused' : 'failed';
  }
}

/**
 * At the discussion's start: its voice or stage event is started, since Discord starts only external events by
 * itself, and cancels one not begun a few hours after its start (resources/guild-scheduled-event.mdx, "Guild
 * Scheduled Event Status Update Automation"). Only where the bot may still host it, so Discord is not asked in vain.
 * Never throws; says what happened, for the work row.
 */
export async function startScheduledEvent(
  client: Client,
  deps: Pick<FiresideDeps, 'logger' | 'firesides' | 'now'>,
  discussion: Discussion,
): Promise<string> {
  try {
    const event = await currentEvent(client, deps, discussion, deps.now().getTime());
    if (!event || event.status !== Scheduled || event.entity_type === GuildScheduledEventEntityType.External) {
      return 'no Discord event to start';
    }
    if (!(await placeOf(client, discussion))?.hostable)
      return 'Discord event not started: I may no longer host it there';
    await patchEvent(client, event, { status: Active });
    return 'Discord event started';
  } catch (error) {
    deps.logger.warn(
      { err: error, discussionId: discussion.id, guildId: discussion.guildId },
      'scheduled event not started',
    );
    return 'Discord event could not be started';
  }
}
