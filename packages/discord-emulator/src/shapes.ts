import type { ChannelFixture, GuildFixture, MemberFixture, RoleFixture } from './types.js';

/** Discord epoch fixed instant for joined_at etc., so payloads are reproducible. */
export const JOINED_AT = '2024-01-01T00:00:00.000000+00:00';

export interface UserRecord {
  id: string;
  username: string;
  bot?: boolean;
}

export function userObject(user: UserRecord) {
  return {
    id: user.id,
    username: user.username,
    discriminator: user.bot ? '0001' : '0',
    global_name: user.bot ? null : user.username,
    avatar: null,
    public_flags: 0,
    flags: 0,
    ...(user.bot ? { bot: true } : {}),
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
  };
}

/** `/users/@me` carries the private fields too (UserPIIResponse). */
export function selfUserObject(user: UserRecord) {
  return { ...userObject(user), mfa_enabled: false, locale: 'en-US', verified: true, email: null };
}

export function memberObject(user: UserRecord, roles: readonly string[]) {
  return {
    user: userObject(user),
    roles: [...roles],
    nick: null,
    avatar: null,
    banner: null,
    joined_at: JOINED_AT,
    premium_since: null,
    deaf: false,
    mute: false,
    pending: false,
    flags: 0,
    communication_disabled_until: null,
  };
}

export function roleObject(role: RoleFixture, position: number, botId?: string) {
  return {
    id: role.id,
    name: role.name,
    permissions: role.permissions,
    position,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    managed: botId !== undefined,
    mentionable: role.mentionable ?? false,
    icon: null,
    unicode_emoji: null,
    flags: 0,
    ...(botId ? { tags: { bot_id: botId } } : {}),
  };
}

export interface Overwrite {
  id: string;
  type: 0 | 1;
  allow: string;
  deny: string;
}

export function guildChannelObject(
  guildId: string,
  channel: ChannelFixture,
  position: number,
  overwrites: Overwrite[],
) {
  const base = {
    id: channel.id,
    type: channel.type,
    guild_id: guildId,
    name: channel.name,
    position,
    flags: 0,
    parent_id: null,
    nsfw: false,
    permission_overwrites: overwrites,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
  if (channel.type === 0) return { ...base, topic: null, default_auto_archive_duration: 1440 };
  return { ...base, bitrate: 64000, user_limit: 0, rtc_region: null };
}

export function dmChannelObject(channelId: string, recipient: UserRecord) {
  return { id: channelId, type: 1, flags: 0, last_message_id: null, recipients: [userObject(recipient)] };
}

export function guildObject(guild: GuildFixture, roles: unknown[]) {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    description: null,
    home_header: null,
    splash: null,
    discovery_splash: null,
    features: [],
    banner: null,
    owner_id: guild.ownerId,
    application_id: null,
    region: 'deprecated',
    afk_channel_id: null,
    afk_timeout: 300,
    system_channel_id: guild.channels.find((c) => c.type === 0)?.id ?? null,
    system_channel_flags: 0,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    roles,
    default_message_notifications: 1,
    mfa_level: 0,
    explicit_content_filter: 0,
    max_presences: null,
    max_members: 500000,
    max_stage_video_channel_users: 50,
    max_video_channel_users: 25,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    rules_channel_id: null,
    safety_alerts_channel_id: null,
    public_updates_channel_id: null,
    premium_progress_bar_enabled: false,
    nsfw: false,
    nsfw_level: 0,
    emojis: [],
    stickers: [],
    incidents_data: null,
  };
}

export function memberFixtureUser(member: MemberFixture): UserRecord {
  return { id: member.userId, username: member.username };
}
