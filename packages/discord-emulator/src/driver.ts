import { randomBytes } from 'node:crypto';
import type { Gateway } from './gateway.js';
import { messageResponse } from './messages.js';
import { modalSubmission } from './modals.js';
import type { EmulatorState, GuildState, InteractionRecord } from './state.js';
import type {
  ActorInput,
  AutocompleteInput,
  ClickInput,
  CommandInput,
  CommandOption,
  InteractionResult,
  Json,
  ModalInput,
} from './types.js';

const TYPE = { COMMAND: 2, COMPONENT: 3, AUTOCOMPLETE: 4, MODAL_SUBMIT: 5 };
const OPTION = {
  SUB_COMMAND: 1,
  SUB_COMMAND_GROUP: 2,
  STRING: 3,
  INTEGER: 4,
  BOOLEAN: 5,
  USER: 6,
  CHANNEL: 7,
  ROLE: 8,
  NUMBER: 10,
};

function inferType(option: CommandOption): number {
  if (option.type !== undefined) return option.type;
  if (option.value === undefined) return OPTION.SUB_COMMAND;
  if (typeof option.value === 'boolean') return OPTION.BOOLEAN;
  if (typeof option.value === 'number') return Number.isInteger(option.value) ? OPTION.INTEGER : OPTION.NUMBER;
  return OPTION.STRING;
}

function toApiOptions(options: CommandOption[]): Json[] {
  return options.map((o) => ({
    name: o.name,
    type: inferType(o),
    ...(o.value !== undefined ? { value: o.value } : {}),
    ...(o.focused ? { focused: true } : {}),
    ...(o.options ? { options: toApiOptions(o.options) } : {}),
  }));
}

/** Wraps leaf options in the subcommand and group options Discord nests them in. */
function nest(options: Json[], subcommand?: string, group?: string): Json[] {
  let out = options;
  if (subcommand) out = [{ name: subcommand, type: OPTION.SUB_COMMAND, options: out }];
  if (group) out = [{ name: group, type: OPTION.SUB_COMMAND_GROUP, options: out }];
  return out;
}

type Actor =
  | { dm: false; guild: GuildState; guildId: string; userId: string; channelId: string }
  | { dm: true; userId: string; channelId: string };

export class InteractionDriver {
  constructor(
    private readonly state: EmulatorState,
    private readonly gateway: Gateway,
  ) {}

  private actor(input: ActorInput): Actor {
    const dm = input.channelId ? this.state.channels.get(input.channelId) : undefined;
    if (dm?.recipientId) return { dm: true, userId: dm.recipientId, channelId: dm.id };
    const guildId = input.guildId ?? (this.state.guilds.keys().next().value as string);
    const guild = this.state.guild(guildId);
    if (!guild) throw new Error(`Emulator: unknown guild ${guildId}`);
    const userId = input.userId ?? (guild.fixture.members[0]?.userId as string);
    const channelId = input.channelId ?? (guild.fixture.channels.find((c) => c.type === 0)?.id as string);
    if (!this.state.memberPayload(guild, userId))
      throw new Error(`Emulator: user ${userId} is not a member of guild ${guildId}`);
    if (!this.state.channels.has(channelId)) throw new Error(`Emulator: unknown channel ${channelId}`);
    return { dm: false, guild, guildId, userId, channelId };
  }

  /** Where an interaction comes from: a guild member in a channel, or a user in their DM with the bot. */
  private origin(actor: Actor, input: ActorInput) {
    const { state } = this;
    if (actor.dm) {
      return {
        channel: state.channelObject(actor.channelId),
        channel_id: actor.channelId,
        user: state.userPayload(actor.userId),
        app_permissions: '0',
        locale: input.locale ?? 'en-US',
        authorizing_integration_owners: { '1': actor.userId },
        context: 1,
      };
    }
    return {
      guild_id: actor.guildId,
      guild: { id: actor.guildId, locale: 'en-US', features: [] },
      guild_locale: 'en-US',
      channel: state.channelObject(actor.channelId),
      channel_id: actor.channelId,
      member: {
        ...state.memberPayload(actor.guild, actor.userId),
        permissions: state.memberPermissions(actor.guild, actor.userId),
      },
      app_permissions: state.botPermissionsIn(actor.guildId, actor.channelId).toString(),
      locale: input.locale ?? 'en-US',
      authorizing_integration_owners: { '0': actor.guildId },
      context: 0,
    };
  }

  private resolved(guild: GuildState, options: Json[]): Json {
    const users: Record<string, unknown> = {};
    const members: Record<string, unknown> = {};
    const channels: Record<string, unknown> = {};
    const roles: Record<string, unknown> = {};
    const visit = (list: Json[]) => {
      for (const o of list) {
        if (o.options) visit(o.options);
        if (o.type === OPTION.USER && this.state.users.has(String(o.value))) {
          users[o.value] = this.state.userPayload(String(o.value));
          const member = this.state.memberPayload(guild, String(o.value));
          if (member)
            members[o.value] = {
              ...member,
              user: undefined,
              permissions: this.state.memberPermissions(guild, String(o.value)),
            };
        }
        if (o.type === OPTION.CHANNEL) channels[o.value] = this.state.channelObject(String(o.value));
        if (o.type === OPTION.ROLE) roles[o.value] = this.state.rolesPayload(guild).find((r) => r.id === o.value);
      }
    };
    visit(options);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries({ users, members, channels, roles })) {
      if (Object.keys(value).length > 0) out[key] = value;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  private commandData(input: { name: string; guildId: string; guild: GuildState }, options: Json[]) {
    const registered = [
      ...(this.state.commands.get(input.guildId) ?? []),
      ...(this.state.commands.get('global') ?? []),
    ];
    const command = registered.find((c) => c.name === input.name && c.type === 1);
    const resolved = this.resolved(input.guild, options);
    return {
      id: command?.id ?? '900000000000000001',
      name: input.name,
      type: 1,
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
      ...(options.length > 0 ? { options } : {}),
      ...(resolved ? { resolved } : {}),
    };
  }

  /** Slash commands come from guilds only: every command of the bot is registered with the Guild context. */
  private guildActor(input: ActorInput) {
    const actor = this.actor(input);
    if (actor.dm) throw new Error('Emulator: the bot registers no commands for DMs');
    return actor;
  }

  command(input: CommandInput): Promise<InteractionResult> {
    const actor = this.guildActor(input);
    const options = nest(toApiOptions(input.options ?? []), input.subcommand, input.group);
    const label = [`/${input.name}`, input.group, input.subcommand].filter(Boolean).join(' ');
    return this.send(
      TYPE.COMMAND,
      `command ${label}`,
      actor,
      input,
      this.commandData({ ...actor, name: input.name }, options),
    );
  }

  autocomplete(input: AutocompleteInput): Promise<InteractionResult> {
    const actor = this.guildActor(input);
    const others = (input.options ?? []).filter((o) => o.name !== input.focused);
    const leaf = [
      ...toApiOptions(others),
      { name: input.focused, type: OPTION.STRING, value: input.value, focused: true },
    ];
    const options = nest(leaf, input.subcommand, input.group);
    const data = this.commandData({ ...actor, name: input.name }, options);
    return this.send(
      TYPE.AUTOCOMPLETE,
      `autocomplete /${input.name} ${input.focused}="${input.value}"`,
      actor,
      input,
      data,
    );
  }

  click(input: ClickInput): Promise<InteractionResult> {
    const actor = this.actor({ channelId: input.message.channel_id, guildId: input.message.guild_id, ...input });
    const data = {
      custom_id: input.customId,
      component_type: input.componentType ?? 2,
      ...(input.values ? { values: input.values } : {}),
    };
    return this.send(TYPE.COMPONENT, `click "${input.customId}"`, actor, input, data, input.message.id);
  }

  /** A member sends the modal the bot showed them, from where it was opened (a message's component, or a command). */
  submitModal(input: ModalInput): Promise<InteractionResult> {
    if (input.forge) {
      // Discord's docs do not say it refuses a submission for a modal it never showed; a client can send anything.
      const components = modalSubmission(input.forge.modal, input.fields);
      const data = { custom_id: input.customId, components };
      return this.send(TYPE.MODAL_SUBMIT, `forged modal "${input.customId}"`, this.actor(input), input, data);
    }
    const open = input.userId
      ? this.state.openModals.get(input.userId)
      : [...this.state.openModals.values()].find((modal) => modal.data.custom_id === input.customId);
    if (open?.data.custom_id !== input.customId)
      throw new Error(`Emulator: ${input.userId ?? 'no member'} has no modal "${input.customId}" open`);
    const actor = this.actor({ ...input, userId: open.userId, channelId: open.channelId, guildId: open.guildId });
    const components = modalSubmission(open.data, input.fields);
    // A message deleted since is left out, as Discord cannot send it.
    const message =
      open.sourceMessageId && this.state.messages.has(open.sourceMessageId) ? open.sourceMessageId : undefined;
    return this.send(
      TYPE.MODAL_SUBMIT,
      `modal "${input.customId}"`,
      actor,
      input,
      { custom_id: input.customId, components },
      message,
    );
  }

  private send(
    type: number,
    describe: string,
    actor: Actor,
    input: ActorInput,
    data: unknown,
    sourceMessageId?: string,
  ): Promise<InteractionResult> {
    const { state } = this;
    const id = state.nextId();
    const token = `aW50ZXJhY3Rpb246${id}${randomBytes(24).toString('base64url')}`;
    const source = sourceMessageId ? state.messages.get(sourceMessageId) : undefined;
    if (sourceMessageId && !source)
      throw new Error(`Emulator: ${describe}: message ${sourceMessageId} does not exist (deleted?)`);
    const payload = {
      id,
      application_id: state.applicationId,
      type,
      data,
      token,
      version: 1,
      ...this.origin(actor, input),
      entitlements: [],
      attachment_size_limit: 10_485_760,
      ...(source ? { message: messageResponse(source) } : {}),
    };
    const result: InteractionResult = {
      id,
      token,
      sessionId: '',
      followups: [],
      edits: [],
      ephemeral: false,
      files: [],
    };
    const timeoutMs = input.timeoutMs ?? 5000;
    const untilFollowUp = input.until === 'follow-up';
    return new Promise<InteractionResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        const sessions = this.gateway.connectedCount();
        const missing = result.callback ? 'follow-up' : 'callback';
        reject(
          new Error(
            `Emulator: ${describe} (interaction ${id}, sent to ${result.sessionId || 'no session'}) got no ${missing} within ${timeoutMs} ms` +
              (sessions === 0 ? ': no gateway session is connected' : ''),
          ),
        );
      }, timeoutMs);
      const dispatchedAt = performance.now();
      const record: InteractionRecord = {
        id,
        token,
        type,
        describe: `${describe} (interaction ${id})`,
        guildId: actor.dm ? undefined : actor.guildId,
        channelId: actor.channelId,
        userId: actor.userId,
        createdAt: Date.now(),
        tokenIssuedAt: state.now(),
        sourceMessageId,
        originalMessageId: type === TYPE.COMPONENT ? sourceMessageId : undefined,
        acknowledged: false,
        result,
        settle: (error) => {
          if (!error) result.callbackMs = performance.now() - dispatchedAt;
          if (!error && untilFollowUp && result.followups.length === 0) return;
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(result);
        },
        followedUp: () => {
          if (!untilFollowUp || result.callbackMs === undefined || result.followups.length > 1) return;
          clearTimeout(timer);
          resolve(result);
        },
      };
      state.interactions.set(id, record);
      state.interactionsByToken.set(token, record);
      result.sessionId = this.gateway.dispatchOne('INTERACTION_CREATE', payload, input.session, record.guildId);
    });
  }
}

/** Polls a predicate; the rejection names what was awaited. */
export async function waitFor<T>(
  predicate: () => T | undefined | false | null,
  opts: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 5000);
  for (;;) {
    const value = predicate();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() > deadline)
      throw new Error(
        `Emulator: timed out after ${opts.timeoutMs ?? 5000} ms waiting for ${opts.what ?? 'a condition'}`,
      );
    await new Promise((r) => setTimeout(r, 5));
  }
}
