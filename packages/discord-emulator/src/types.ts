/**
 * A Discord JSON payload. The emulator echoes what the bot sent (checked against the OpenAPI description
 * in tests) and reads it loosely on purpose, as Discord's own shapes are open-ended.
 */
// biome-ignore lint/suspicious/noExplicitAny: wire JSON, see above.
export type Json = any;

export interface ChannelFixture {
  id: string;
  name: string;
  /** 0 text, 2 voice, 13 stage */
  type: 0 | 2 | 13;
}

export interface RoleFixture {
  id: string;
  name: string;
  permissions: string;
  /** Whether anyone may @mention it (Discord's default: false). */
  mentionable?: boolean;
}

export interface MemberFixture {
  userId: string;
  username: string;
  roles: string[];
  /** Overrides the permissions computed from the roles (what interactions carry in member.permissions). */
  permissions?: string;
}

export interface GuildFixture {
  id: string;
  name: string;
  ownerId: string;
  channels: ChannelFixture[];
  roles: RoleFixture[];
  members: MemberFixture[];
}

export interface RateLimitOptions {
  globalPerSecond?: number;
  perRoute?: { limit: number; windowMs: number };
  /** DM channels the bot may open per window before 40003 (dm-open-limit.ts); default 10 a second. */
  dmOpens?: { limit: number; windowMs: number };
  /**
   * Invalid requests (401, 403, 429) allowed in a sliding window before every request is refused; Discord's
   * 10,000 in 10 minutes by default, and this one applies even when `rateLimit` is left out.
   */
  invalidRequests?: { limit: number; windowMs: number };
}

export interface EmulatorOptions {
  applicationId?: string;
  botUserId?: string;
  guilds?: GuildFixture[];
  /** Called for every request the bot sends; a throw is recorded in validationErrors and answered 400. */
  onRequest?: (req: RecordedRequest) => void;
  rateLimit?: RateLimitOptions;
  heartbeatIntervalMs?: number;
  /** Discord kills an interaction token not answered within 3 s; 0 turns the check off. */
  callbackDeadlineMs?: number;
  /**
   * Discord's clock, in epoch milliseconds: what moves scheduled events through their statuses and expires
   * interaction tokens. Tests that move the bot's clock pass the same one. Rate limits and the 3 s callback
   * deadline stay on real time, as they pace real requests.
   */
  now?: () => number;
  port?: number;
  /**
   * Guilds one gateway session may serve: GET /gateway/bot recommends enough shards to stay under it, and an
   * IDENTIFY whose shard would serve more is closed with 4011. Discord's documented maximum, 2,500, by default.
   */
  guildsPerShard?: number;
}

export interface RecordedRequest {
  method: string;
  /** After /api/v10, percent-decoded per segment. */
  path: string;
  /** Templated, e.g. /channels/{channel_id}/messages; '' when no route matched. */
  route: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** JSON body, or the payload_json of a multipart body. */
  body: unknown;
  files: UploadedFile[];
  at: number;
}

export interface UploadedFile {
  name: string;
  data: Buffer;
}

export interface EmulatedMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  type: number;
  content: string;
  embeds: Json[];
  components: Json[];
  flags: number;
  allowed_mentions?: Json;
  attachments: Json[];
  author: Json;
  mentions: Json[];
  mention_roles: string[];
  mention_everyone: boolean;
  pinned: boolean;
  tts: boolean;
  timestamp: string;
  edited_timestamp: string | null;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Json;
  /** As the bot sent it when creating the message. */
  nonce?: string | number;
  [key: string]: unknown;
}

export interface InteractionResult {
  id: string;
  token: string;
  /** The session (gateway connection) the interaction was sent to. */
  sessionId: string;
  callback?: { type: number; data?: Json };
  /** Milliseconds from the INTERACTION_CREATE dispatch to the callback. */
  callbackMs?: number;
  /** The message created by a type 4/5 callback, or the message updated by type 6/7. */
  message?: EmulatedMessage;
  followups: EmulatedMessage[];
  /** Bodies of every PATCH to @original, in order. */
  edits: Json[];
  ephemeral: boolean;
  files: UploadedFile[];
}

export interface CommandOption {
  name: string;
  /** Inferred from value when absent: string 3, integer 4, boolean 5, other number 10; options without value 1. */
  type?: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: CommandOption[];
}

export interface ActorInput {
  userId?: string;
  guildId?: string;
  channelId?: string;
  timeoutMs?: number;
  locale?: string;
  /** When the returned promise settles: at the callback (default), or at the first follow-up after it. */
  until?: 'callback' | 'follow-up';
  /** Which connected bot session gets it: round robin as Discord does (default), or the one that connected last. */
  session?: 'round-robin' | 'newest';
}

export interface CommandInput extends ActorInput {
  name: string;
  options?: CommandOption[];
  subcommand?: string;
  group?: string;
}

export interface AutocompleteInput extends ActorInput {
  name: string;
  subcommand?: string;
  group?: string;
  focused: string;
  value: string;
  options?: CommandOption[];
}

export interface ClickInput extends ActorInput {
  message: EmulatedMessage;
  customId: string;
  /** 2 button (default), 3 string select. */
  componentType?: number;
  values?: string[];
}

/** A member's answer to one modal component: text, the values picked, or a checkbox's state. */
export type ModalAnswer = string | string[] | boolean | null;

/** The member (userId) sends the modal the bot last showed them; fields not given keep their defaults. */
export interface ModalInput extends ActorInput {
  customId: string;
  /** By component custom_id: text for a text input, values for a select or checkbox group, true/false for a checkbox. */
  fields: Record<string, ModalAnswer>;
  /**
   * Test-only escape: a hostile client sends a submission for a modal the bot never showed it, under any custom_id
   * (`customId`), shaped like `modal` (the form it pretends to answer). No open modal is needed or closed; the member
   * is `userId`, in `channelId` (or the first text channel).
   */
  forge?: { modal: Json };
}

export interface FailureResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Emulator {
  apiUrl: string;
  gatewayUrl: string;
  applicationId: string;
  botUserId: string;
  requests: RecordedRequest[];
  validationErrors: string[];
  command(input: CommandInput): Promise<InteractionResult>;
  autocomplete(input: AutocompleteInput): Promise<InteractionResult>;
  click(input: ClickInput): Promise<InteractionResult>;
  submitModal(input: ModalInput): Promise<InteractionResult>;
  waitFor<T>(predicate: () => T | undefined | false | null, opts?: { timeoutMs?: number; what?: string }): Promise<T>;
  channelMessages(channelId: string): EmulatedMessage[];
  dmMessages(userId: string): EmulatedMessage[];
  /** Files uploaded with a message (e.g. .ics attachments). */
  messageFiles(messageId: string): UploadedFile[];
  scheduledEvents(guildId: string): Json[];
  closeDms(userId: string): void;
  /** Someone deletes a message in their Discord client; the bot is not told (it asks for no message intents). */
  deleteMessage(messageId: string): void;
  /** Someone deletes a Discord event in their client. */
  deleteScheduledEvent(guildId: string, eventId: string): void;
  /**
   * A host presses "Start event" in their client, at any time, even before its start: SCHEDULED → ACTIVE, the
   * event's `scheduled_start_time` kept. Throws when Discord would not offer it (the event not SCHEDULED).
   */
  startScheduledEvent(guildId: string, eventId: string): void;
  failNext(match: { method: string; path: RegExp }, response: FailureResponse, times?: number): void;
  /**
   * Acts on the next matching requests as usual, then answers `response` instead of the result: Discord did the
   * work, but its answer was lost on the way (a 502 from its proxy, a timeout), so the bot cannot know it was done.
   */
  loseNextResponse(match: { method: string; path: RegExp }, response: FailureResponse, times?: number): void;
  /**
   * Holds the next matching request once it is recorded, until release(): `reached` resolves when it arrives.
   * Released, it is handled as usual even if its sender has gone (a bot killed mid-send).
   */
  holdNext(match: { method: string; path: RegExp }): { reached: Promise<RecordedRequest>; release(): void };
  setMemberPermissions(guildId: string, userId: string, permissions: string): void;
  setBotPermissions(guildId: string, channelId: string, permissions: string | null): void;
  /** What the bot's role grants server-wide (an admin edits the role); the client is told by GUILD_ROLE_UPDATE. */
  setBotRolePermissions(guildId: string, permissions: string): void;
  /** An admin edits a role (e.g. "Allow anyone to @mention this role"); the client is told by GUILD_ROLE_UPDATE. */
  setRole(guildId: string, roleId: string, patch: { mentionable?: boolean; permissions?: string }): void;
  /** The members a message currently mentions, as Discord computed them at its creation or last content edit. */
  mentionedMembers(messageId: string): string[];
  /** Invalid requests (401, 403, 429 not shared) answered in the invalid-request window up to now. */
  invalidRequestCount(): number;
  disconnectAll(code?: number): void;
  /** Number of gateway sessions currently connected and identified. */
  connectedSessions(): number;
  /** `[shard_id, num_shards]` of each connected session ([0, 1] for a session that sent no shard). */
  connectedShards(): Array<[number, number]>;
  close(): Promise<void>;
}
