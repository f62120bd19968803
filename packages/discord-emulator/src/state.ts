import { ALL_PERMISSIONS, BOT_ROLE_PERMISSIONS, PERMISSIONS } from './fixtures.js';
import type { OpenModal } from './modals.js';
import { basePermissions, withImplicitDenials } from './permissions.js';
import { advanceAll } from './scheduled-event-status.js';
import {
  dmChannelObject,
  guildChannelObject,
  guildObject,
  JOINED_AT,
  memberObject,
  type Overwrite,
  roleObject,
  type UserRecord,
  userObject,
} from './shapes.js';
import type { ChannelFixture, EmulatedMessage, GuildFixture, InteractionResult, Json, UploadedFile } from './types.js';

const DISCORD_EPOCH = 1420070400000n;

export interface GuildState {
  fixture: GuildFixture;
  botRoleId: string;
  /** What the bot's managed role grants server-wide; setBotRolePermissions changes it, as an admin would. */
  botRolePermissions: bigint;
  /** Exact permissions of the bot per channel, set by setBotPermissions (a member overwrite). */
  botChannelPermissions: Map<string, bigint>;
  memberPermissions: Map<string, string>;
  scheduledEvents: Map<string, Json>;
}

export interface ChannelRecord {
  id: string;
  type: number;
  guildId?: string;
  fixture?: ChannelFixture;
  recipientId?: string;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  describe: string;
  /** Undefined for interactions from a DM with the bot. */
  guildId?: string;
  channelId: string;
  userId: string;
  createdAt: number;
  /** When Discord issued the token, on Discord's clock (state.now()): it serves follow-ups and edits 15 minutes. */
  tokenIssuedAt: number;
  sourceMessageId?: string;
  originalMessageId?: string;
  acknowledged: boolean;
  result: InteractionResult;
  /** Called with the callback (or the error that ends the interaction). */
  settle: (error?: Error) => void;
  /** Called with each follow-up. */
  followedUp: () => void;
}

export class EmulatorState {
  readonly guilds = new Map<string, GuildState>();
  readonly users = new Map<string, UserRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly messages = new Map<string, EmulatedMessage>();
  /** Messages created with `enforce_nonce`, by nonce (the bot is their one author), and when. */
  readonly nonces = new Map<string, { messageId: string; at: number }>();
  readonly channelMessageIds = new Map<string, string[]>();
  readonly files = new Map<string, UploadedFile[]>();
  readonly dmChannelByUser = new Map<string, string>();
  readonly closedDms = new Set<string>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  /** The modal each member has open, by user id (a member sees one at a time), as the bot sent it. */
  readonly openModals = new Map<string, OpenModal>();
  /** Registered commands per scope: 'global' or a guild id. */
  readonly commands = new Map<string, Json[]>();
  private increment = 0n;

  constructor(
    readonly applicationId: string,
    readonly botUserId: string,
    guilds: GuildFixture[],
    /** Discord's clock (EmulatorOptions.now). */
    readonly now: () => number = Date.now,
  ) {
    this.users.set(botUserId, { id: botUserId, username: 'Healing Library', bot: true });
    for (const fixture of guilds) {
      const botRoleId = (BigInt(fixture.id) + 900n).toString();
      this.guilds.set(fixture.id, {
        fixture,
        botRoleId,
        botRolePermissions: BOT_ROLE_PERMISSIONS,
        botChannelPermissions: new Map(),
        memberPermissions: new Map(fixture.members.flatMap((m) => (m.permissions ? [[m.userId, m.permissions]] : []))),
        scheduledEvents: new Map(),
      });
      for (const member of fixture.members) {
        if (!this.users.has(member.userId))
          this.users.set(member.userId, { id: member.userId, username: member.username });
      }
      for (const channel of fixture.channels) {
        this.channels.set(channel.id, { id: channel.id, type: channel.type, guildId: fixture.id, fixture: channel });
      }
    }
  }

  nextId(): string {
    this.increment = (this.increment + 1n) & 0xfffn;
    return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | this.increment).toString();
  }

  botUser(): UserRecord {
    return this.users.get(this.botUserId) as UserRecord;
  }

  guild(guildId: string): GuildState | undefined {
    return this.guilds.get(guildId);
  }

  memberRoles(guild: GuildState, userId: string): string[] {
    if (userId === this.botUserId) return [guild.botRoleId];
    return guild.fixture.members.find((m) => m.userId === userId)?.roles ?? [];
  }

  memberPermissions(guild: GuildState, userId: string): string {
    const override = guild.memberPermissions.get(userId);
    if (override !== undefined) return override;
    return basePermissions(guild.fixture, this.memberRoles(guild, userId), userId).toString();
  }

  /** The bot's server-wide permissions: @everyone and its managed role. */
  botGuildPermissions(guild: GuildState): bigint {
    return basePermissions(this.guildWithBotRole(guild), [guild.botRoleId], this.botUserId);
  }

  /** The bot's computed permissions in a channel, implicit denials applied (topics/permissions.mdx). */
  botPermissionsIn(guildId: string, channelId: string): bigint {
    const guild = this.guilds.get(guildId);
    if (!guild) return 0n;
    const exact = guild.botChannelPermissions.get(channelId);
    const bits = exact ?? basePermissions(this.guildWithBotRole(guild), [guild.botRoleId], this.botUserId);
    const type = guild.fixture.channels.find((c) => c.id === channelId)?.type ?? 0;
    return withImplicitDenials(bits, type);
  }

  private guildWithBotRole(guild: GuildState): GuildFixture {
    return {
      ...guild.fixture,
      roles: [
        ...guild.fixture.roles,
        { id: guild.botRoleId, name: 'Healing Library', permissions: guild.botRolePermissions.toString() },
      ],
    };
  }

  rolesPayload(guild: GuildState) {
    const roles = guild.fixture.roles.map((role, i) => roleObject(role, i === 0 ? 0 : i + 1));
    roles.push(this.botRolePayload(guild));
    return roles;
  }

  botRolePayload(guild: GuildState) {
    const role = { id: guild.botRoleId, name: 'Healing Library', permissions: guild.botRolePermissions.toString() };
    return roleObject(role, 1, this.botUserId);
  }

  channelPayload(guild: GuildState, channel: ChannelFixture) {
    const overwrites: Overwrite[] = [];
    const exact = guild.botChannelPermissions.get(channel.id);
    if (exact !== undefined) {
      // A member overwrite is applied last by permissionsFor(), so allow/deny pin the bot to exactly these bits.
      overwrites.push({
        id: this.botUserId,
        type: 1,
        allow: exact.toString(),
        deny: (ALL_PERMISSIONS & ~exact).toString(),
      });
    }
    return guildChannelObject(guild.fixture.id, channel, guild.fixture.channels.indexOf(channel), overwrites);
  }

  channelObject(channelId: string) {
    const channel = this.channels.get(channelId);
    if (!channel) return undefined;
    if (channel.recipientId) return dmChannelObject(channel.id, this.users.get(channel.recipientId) as UserRecord);
    const guild = this.guilds.get(channel.guildId as string) as GuildState;
    return this.channelPayload(guild, channel.fixture as ChannelFixture);
  }

  memberPayload(guild: GuildState, userId: string) {
    const user = this.users.get(userId);
    if (!user) return undefined;
    if (userId !== this.botUserId && !guild.fixture.members.some((m) => m.userId === userId)) return undefined;
    return memberObject(user, this.memberRoles(guild, userId));
  }

  guildPayload(guild: GuildState) {
    return guildObject(guild.fixture, this.rolesPayload(guild));
  }

  guildCreatePayload(guild: GuildState) {
    // Events moved on to Discord's clock (scheduled-event-status.ts): this payload carries their new statuses.
    advanceAll(guild.scheduledEvents, this.now());
    const members = [...guild.fixture.members.map((m) => m.userId), this.botUserId].map((id) =>
      this.memberPayload(guild, id),
    );
    return {
      ...this.guildPayload(guild),
      joined_at: JOINED_AT,
      large: false,
      unavailable: false,
      member_count: members.length,
      members,
      channels: guild.fixture.channels.map((c) => this.channelPayload(guild, c)),
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [...guild.scheduledEvents.values()],
      soundboard_sounds: [],
      lazy: true,
    };
  }

  dmChannelFor(userId: string): ChannelRecord {
    let channelId = this.dmChannelByUser.get(userId);
    if (!channelId) {
      channelId = this.nextId();
      this.dmChannelByUser.set(userId, channelId);
      this.channels.set(channelId, { id: channelId, type: 1, recipientId: userId });
    }
    return this.channels.get(channelId) as ChannelRecord;
  }

  addMessage(message: EmulatedMessage, files: UploadedFile[]): void {
    this.messages.set(message.id, message);
    let ids = this.channelMessageIds.get(message.channel_id);
    if (!ids) {
      ids = [];
      this.channelMessageIds.set(message.channel_id, ids);
    }
    ids.push(message.id);
    if (files.length > 0) this.files.set(message.id, files);
  }

  deleteMessage(messageId: string): void {
    const message = this.messages.get(messageId);
    if (!message) return;
    this.messages.delete(messageId);
    const ids = this.channelMessageIds.get(message.channel_id);
    if (ids) ids.splice(ids.indexOf(messageId), 1);
  }

  /** Visible messages of a channel, oldest first (ephemeral ones live only in their InteractionResult). */
  messagesIn(channelId: string): EmulatedMessage[] {
    const ids = this.channelMessageIds.get(channelId) ?? [];
    const out: EmulatedMessage[] = [];
    for (const id of ids) {
      const message = this.messages.get(id);
      if (message && (message.flags & 64) === 0) out.push(message);
    }
    return out;
  }

  canView(guildId: string, channelId: string): boolean {
    return (this.botPermissionsIn(guildId, channelId) & PERMISSIONS.VIEW_CHANNEL) !== 0n;
  }

  userPayload(userId: string) {
    const user = this.users.get(userId);
    return user ? userObject(user) : undefined;
  }
}
