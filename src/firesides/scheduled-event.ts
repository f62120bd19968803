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
import { endsAt } from './discussion-store.js';
import type { Discussion } from './types.js';

const NAME_MAX = 100;
const DESCRIPTION_MAX = 1_000;
const LOCATION_MAX = 100;

/** The Discord scheduled event mirroring a discussion: the voice/stage channel, else the link, else "Discord". */
export function scheduledEventBody(discussion: Discussion, locationType: ChannelType | undefined) {
  const description = [discussion.description, discussion.link].filter(Boolean).join('\n\n').slice(0, DESCRIPTION_MAX);
  const common = {
    name: discussion.title.slice(0, NAME_MAX),
    privacy_level: 2,
    scheduled_start_time: new Date(discussion.startsAt).toISOString(),
    scheduled_end_time: new Date(endsAt(discussion)).toISOString(),
    ...(description ? { description } : {}),
  };
  if (
    discussion.locationChannelId &&
    (locationType === ChannelType.GuildVoice || locationType === ChannelType.GuildStageVoice)
  ) {
    return {
      ...common,
      channel_id: discussion.locationChannelId,
      entity_type:
        locationType === ChannelType.GuildStageVoice
          ? GuildScheduledEventEntityType.StageInstance
          : GuildScheduledEventEntityType.Voice,
      entity_metadata: null,
    };
  }
  const link = discussion.link && discussion.link.length <= LOCATION_MAX ? discussion.link : undefined;
  return {
    ...common,
    channel_id: null,
    entity_type: GuildScheduledEventEntityType.External,
    entity_metadata: { location: link ?? 'On Discord: see the announcement' },
  };
}

/**
 * Whether the bot's roles let it create Discord events in the server, and change its own: Create Events, which
 * Discord requires of bots since 23 February 2026 (Manage Events alone no longer lets them create one).
 */
export async function canCreateEvents(client: Client, guildId: string): Promise<boolean> {
  const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId));
  const me = guild.members.me ?? (await guild.members.fetchMe());
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
    if (!eventId && (!enabled || discussion.announcedAt === null)) return true;
    const guild = client.guilds.cache.get(discussion.guildId);
    const locationType = discussion.locationChannelId
      ? guild?.channels.cache.get(discussion.locationChannelId)?.type
      : undefined;
    const body = scheduledEventBody(discussion, locationType);
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
