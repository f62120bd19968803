import {
  ChannelType,
  type Client,
  DiscordAPIError,
  GuildScheduledEventEntityType,
  GuildScheduledEventStatus,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  Routes,
} from 'discord.js';
import type { Deps } from '../deps.js';
import { botInGuild } from '../discord/bot-in-guild.js';
import { isAnnounced } from './announced.js';
import { endsAt } from './discussion-store.js';
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
  const description = [discussion.description, discussion.link].filter(Boolean).join('\n\n').slice(0, DESCRIPTION_MAX);
  const common = {
    name: discussion.title.slice(0, NAME_MAX),
    privacy_level: 2,
    scheduled_start_time: new Date(discussion.startsAt).toISOString(),
    scheduled_end_time: new Date(endsAt(discussion)).toISOString(),
    ...(description ? { description } : {}),
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
  const link = discussion.link && discussion.link.length <= LOCATION_MAX ? discussion.link : undefined;
  const channel = voice && place ? `On Discord, in ${place.name}`.slice(0, LOCATION_MAX) : undefined;
  return {
    ...common,
    channel_id: null,
    entity_type: GuildScheduledEventEntityType.External,
    entity_metadata: { location: link ?? channel ?? 'On Discord: see the announcement' },
  };
}

/**
 * Hosting an event in a stage needs the stage moderator's permissions there (Manage Channels, Mute Members, Move
 * Members), in a voice channel View Channel and Connect; without them the event is external and names the channel.
 */
function placeOf(client: Client, discussion: Discussion): Place | undefined {
  if (!discussion.locationChannelId) return undefined;
  const guild = client.guilds.cache.get(discussion.guildId);
  const channel = guild?.channels.cache.get(discussion.locationChannelId);
  const me = guild?.members.me;
  if (!channel || !me) return undefined;
  const needed =
    channel.type === ChannelType.GuildStageVoice
      ? [PermissionFlagsBits.ManageChannels, PermissionFlagsBits.MuteMembers, PermissionFlagsBits.MoveMembers]
      : [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.Connect];
  return { type: channel.type, name: channel.name, hostable: channel.permissionsFor(me).has(needed) };
}

/**
 * Whether the bot's roles let it create Discord events in the server, and change its own: Create Events, which
 * Discord requires of bots since 23 February 2026 (Manage Events alone no longer lets them create one).
 */
export async function canCreateEvents(client: Client, guildId: string): Promise<boolean> {
  const { me } = await botInGuild(client, guildId);
  return me.permissions.has(PermissionFlagsBits.CreateEvents);
}

/**
 * Creates, updates or cancels the discussion's scheduled event so it matches the stored discussion.
 * A failure (the bot may lack Create Events) is logged and leaves the announcement alone: the event is a mirror.
 * Returns false when Discord refused, so a moderator who made the change can be told.
 */
export async function syncScheduledEvent(
  client: Client,
  deps: Pick<Deps, 'logger' | 'firesides' | 'now'>,
  discussion: Discussion,
): Promise<boolean> {
  const now = deps.now().getTime();
  const eventId = discussion.scheduledEventId;
  try {
    if (discussion.status === 'cancelled') {
      if (eventId) {
        await client.rest.patch(Routes.guildScheduledEvent(discussion.guildId, eventId), {
          body: { status: GuildScheduledEventStatus.Canceled },
        });
      }
      return true;
    }
    const enabled = deps.firesides.settings.get(discussion.guildId).nativeEvents;
    // An occurrence not announced yet gets its event with its announcement.
    if (!eventId && (!enabled || !isAnnounced(discussion))) return true;
    const body = scheduledEventBody(discussion, placeOf(client, discussion));
    if (eventId) {
      await client.rest.patch(Routes.guildScheduledEvent(discussion.guildId, eventId), { body });
      return true;
    }
    const created = (await client.rest.post(Routes.guildScheduledEvents(discussion.guildId), { body })) as {
      id: string;
    };
    deps.firesides.discussions.setScheduledEvent(discussion.id, created.id, now);
    return true;
  } catch (error) {
    if (eventId && error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownGuildScheduledEvent) {
      // Deleted by hand in Discord: forgotten, and made again if the discussion is still on (and events still wanted).
      deps.firesides.discussions.setScheduledEvent(discussion.id, null, now);
      return syncScheduledEvent(client, deps, { ...discussion, scheduledEventId: null });
    }
    deps.logger.warn(
      { err: error, discussionId: discussion.id, guildId: discussion.guildId },
      'scheduled event not in step',
    );
    return false;
  }
}
