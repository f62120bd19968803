import type { GuildFixture } from './types.js';

/** Permission bits the fixtures and the permission checks need (Discord's values). */
export const PERMISSIONS = {
  CREATE_INSTANT_INVITE: 1n << 0n,
  ADMINISTRATOR: 1n << 3n,
  ADD_REACTIONS: 1n << 6n,
  VIEW_CHANNEL: 1n << 10n,
  SEND_MESSAGES: 1n << 11n,
  SEND_TTS_MESSAGES: 1n << 12n,
  EMBED_LINKS: 1n << 14n,
  ATTACH_FILES: 1n << 15n,
  READ_MESSAGE_HISTORY: 1n << 16n,
  MENTION_EVERYONE: 1n << 17n,
  USE_EXTERNAL_EMOJIS: 1n << 18n,
  MANAGE_CHANNELS: 1n << 4n,
  CONNECT: 1n << 20n,
  SPEAK: 1n << 21n,
  MUTE_MEMBERS: 1n << 22n,
  MOVE_MEMBERS: 1n << 24n,
  CHANGE_NICKNAME: 1n << 26n,
  USE_APPLICATION_COMMANDS: 1n << 31n,
  MANAGE_EVENTS: 1n << 33n,
  SEND_MESSAGES_IN_THREADS: 1n << 38n,
  CREATE_EVENTS: 1n << 44n,
} as const;

/** Every permission bit Discord defines today (bits 0–50). */
export const ALL_PERMISSIONS = (1n << 51n) - 1n;

const P = PERMISSIONS;
const EVERYONE_PERMISSIONS =
  P.CREATE_INSTANT_INVITE |
  P.ADD_REACTIONS |
  P.VIEW_CHANNEL |
  P.SEND_MESSAGES |
  P.EMBED_LINKS |
  P.ATTACH_FILES |
  P.READ_MESSAGE_HISTORY |
  P.USE_EXTERNAL_EMOJIS |
  P.CONNECT |
  P.SPEAK |
  P.CHANGE_NICKNAME |
  P.USE_APPLICATION_COMMANDS |
  P.SEND_MESSAGES_IN_THREADS |
  P.CREATE_EVENTS;

/** What the bot's managed role gets on invite, exactly the README's link: post, embed, attach, ping a role, create events. */
export const BOT_ROLE_PERMISSIONS =
  P.VIEW_CHANNEL |
  P.SEND_MESSAGES |
  P.EMBED_LINKS |
  P.ATTACH_FILES |
  P.READ_MESSAGE_HISTORY |
  P.MENTION_EVERYONE |
  P.CREATE_EVENTS;

export const IDS = {
  application: '100000000000000001',
  guild: '200000000000000001',
  general: '300000000000000001',
  announcements: '300000000000000002',
  voice: '300000000000000003',
  stage: '300000000000000004',
  moderatorRole: '400000000000000001',
  adminRole: '400000000000000002',
  member: '500000000000000001',
  moderator: '500000000000000002',
  admin: '500000000000000003',
  secondGuild: '200000000000000002',
  secondGeneral: '300000000000000011',
  secondMember: '500000000000000011',
} as const;

export function defaultGuild(): GuildFixture {
  return {
    id: IDS.guild,
    name: 'Healing Circle',
    ownerId: IDS.admin,
    channels: [
      { id: IDS.general, name: 'general', type: 0 },
      { id: IDS.announcements, name: 'announcements', type: 0 },
      { id: IDS.voice, name: 'Fireside Voice', type: 2 },
      { id: IDS.stage, name: 'Fireside Stage', type: 13 },
    ],
    roles: [
      { id: IDS.guild, name: '@everyone', permissions: EVERYONE_PERMISSIONS.toString() },
      { id: IDS.moderatorRole, name: 'Moderator', permissions: P.MANAGE_EVENTS.toString() },
      { id: IDS.adminRole, name: 'Admin', permissions: P.ADMINISTRATOR.toString() },
    ],
    members: [
      { userId: IDS.member, username: 'river', roles: [] },
      { userId: IDS.moderator, username: 'sage', roles: [IDS.moderatorRole] },
      { userId: IDS.admin, username: 'willow', roles: [IDS.adminRole] },
    ],
  };
}

/** A second server sharing the admin and the plain member, for cross-server tests. */
export function secondGuild(): GuildFixture {
  return {
    id: IDS.secondGuild,
    name: 'Second Circle',
    ownerId: IDS.admin,
    channels: [{ id: IDS.secondGeneral, name: 'general', type: 0 }],
    roles: [{ id: IDS.secondGuild, name: '@everyone', permissions: EVERYONE_PERMISSIONS.toString() }],
    members: [
      { userId: IDS.secondMember, username: 'fern', roles: [] },
      { userId: IDS.member, username: 'river', roles: [] },
      { userId: IDS.admin, username: 'willow', roles: [] },
    ],
  };
}

/** Snowflake timestamps of generated guilds start here: divisible by 2 to 10, so guild i is on shard i % count. */
const GENERATED_BASE = 48_000_000_000n;

/**
 * `count` servers of `channels` text channels and `members` members each, for scale tests: guild i has the id
 * `(48e9 + i) << 22` (18 digits), so "(guild_id >> 22) % num_shards" puts it on shard i % num_shards for any
 * count up to 10; its channels and members take the low bits of that id, so every id is distinct.
 */
export function generatedGuilds(count: number, size: { channels?: number; members?: number } = {}): GuildFixture[] {
  const channels = size.channels ?? 50;
  const members = size.members ?? 200;
  const guilds: GuildFixture[] = [];
  for (let i = 0; i < count; i++) {
    const base = (GENERATED_BASE + BigInt(i)) << 22n;
    const id = base.toString();
    const memberId = (j: number) => (base | (1n << 21n) | BigInt(j)).toString();
    guilds.push({
      id,
      name: `Circle ${i + 1}`,
      ownerId: memberId(0),
      channels: Array.from({ length: channels }, (_, j) => ({
        id: (base | BigInt(j + 1)).toString(),
        name: `channel-${j + 1}`,
        type: 0 as const,
      })),
      roles: [{ id, name: '@everyone', permissions: EVERYONE_PERMISSIONS.toString() }],
      members: Array.from({ length: members }, (_, j) => ({ userId: memberId(j), username: `member${j}`, roles: [] })),
    });
  }
  return guilds;
}
