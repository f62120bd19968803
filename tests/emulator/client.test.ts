import { type Emulator, IDS, startEmulator } from '@healing-library/discord-emulator';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  GuildScheduledEventStatus,
  type Interaction,
  MessageFlags,
  PermissionFlagsBits,
  type TextChannel,
  TextInputStyle,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenApiValidator, type Validator } from '../support/openapi-validator.js';

type Handler = (interaction: Interaction) => Promise<unknown>;

let emulator: Emulator;
let client: Client<true>;
let validator: Validator | null;
/** Per-test behaviour of the bare client, keyed by command name or custom_id. */
const handlers = new Map<string, Handler>();
const handlerErrors: unknown[] = [];

function on(name: string, handler: Handler): void {
  handlers.set(name, handler);
}

beforeAll(async () => {
  validator = await createOpenApiValidator();
  emulator = await startEmulator({
    onRequest: (req) => {
      const errors = validator?.validateRequest(req) ?? [];
      if (errors.length) throw new Error(errors.join('; '));
    },
  });
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emulator.apiUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    const key =
      interaction.isChatInputCommand() || interaction.isAutocomplete()
        ? interaction.commandName
        : 'customId' in interaction
          ? interaction.customId
          : '';
    const handler = handlers.get(key);
    handler?.(interaction).catch((error) => handlerErrors.push(error));
  });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login('emulator-token');
  await ready;
});

afterAll(async () => {
  await client?.destroy();
  await emulator?.close();
});

const pong: Handler = (i) =>
  (i as ChatInputCommandInteraction).reply({ content: 'pong', allowedMentions: { parse: [] } });

describe('a bare discord.js client against the emulator', () => {
  it('becomes ready with the guild, its channels, roles and members cached', () => {
    const guild = client.guilds.cache.get(IDS.guild);
    expect(guild?.name).toBe('Healing Circle');
    expect(guild?.channels.cache.get(IDS.general)?.name).toBe('general');
    expect(guild?.channels.cache.get(IDS.stage)?.type).toBe(13);
    expect(guild?.roles.cache.get(IDS.moderatorRole)?.permissions.has(PermissionFlagsBits.ManageEvents)).toBe(true);
    expect(guild?.members.cache.get(IDS.moderator)?.user.username).toBe('sage');
    expect(guild?.members.me?.id).toBe(emulator.botUserId);
  });

  it('records a command reply as a message in the channel', async () => {
    on('ping', pong);
    const result = await emulator.command({ name: 'ping' });
    expect(result.callback?.type).toBe(4);
    expect(result.message?.content).toBe('pong');
    expect(result.message?.allowed_mentions).toEqual({ parse: [] });
    expect(result.ephemeral).toBe(false);
    expect(emulator.channelMessages(IDS.general).map((m) => m.id)).toContain(result.message?.id);
  });

  it('passes options, subcommands and member permissions through', async () => {
    let seen: { sub: string; name: string; manage: boolean | undefined; channel: string | null } | undefined;
    on('fireside', async (i) => {
      const command = i as ChatInputCommandInteraction;
      seen = {
        sub: command.options.getSubcommand(),
        name: command.options.getString('title', true),
        manage: command.memberPermissions?.has(PermissionFlagsBits.ManageEvents),
        channel: command.channelId,
      };
      await command.reply({ content: 'ok', flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    });
    const result = await emulator.command({
      name: 'fireside',
      subcommand: 'create',
      options: [{ name: 'title', value: 'Grief circle' }],
      userId: IDS.moderator,
      channelId: IDS.announcements,
    });
    expect(seen).toEqual({ sub: 'create', name: 'Grief circle', manage: true, channel: IDS.announcements });
    expect(result.ephemeral).toBe(true);
    expect(emulator.channelMessages(IDS.announcements).map((m) => m.id)).not.toContain(result.message?.id);
  });

  it('keeps a deferred reply loading until editReply fills it', async () => {
    on('slow', async (i) => {
      const command = i as ChatInputCommandInteraction;
      await command.deferReply();
      await new Promise((r) => setTimeout(r, 20));
      await command.editReply({ content: 'done', allowedMentions: { parse: [] } });
    });
    const result = await emulator.command({ name: 'slow' });
    expect(result.callback?.type).toBe(5);
    await emulator.waitFor(() => result.edits.length === 1, { what: 'the edit of the deferred reply' });
    expect(result.message?.content).toBe('done');
    expect((result.message?.flags ?? 0) & 128).toBe(0);
  });

  it('updates a clicked message in place (callback type 7)', async () => {
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('rsvp:1:going').setLabel('Going').setStyle(ButtonStyle.Primary),
    );
    on('event', (i) =>
      (i as ChatInputCommandInteraction).reply({
        content: 'Fireside',
        components: [row],
        allowedMentions: { parse: [] },
      }),
    );
    on('rsvp:1:going', async (i) => {
      if (i.isButton()) await i.update({ content: `Going: ${i.user.username}`, components: [] });
    });
    const posted = await emulator.command({ name: 'event' });
    const message = posted.message;
    if (!message) throw new Error('no message');
    expect(message.components[0].components[0].custom_id).toBe('rsvp:1:going');
    const clicked = await emulator.click({ message, customId: 'rsvp:1:going', userId: IDS.member });
    expect(clicked.callback?.type).toBe(7);
    expect(clicked.message?.id).toBe(message.id);
    expect(emulator.channelMessages(IDS.general).find((m) => m.id === message.id)?.content).toBe('Going: river');
  });

  it('edits the clicked message after a deferred update (callback type 6)', async () => {
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('lib:ketamine:risks').setLabel('Risks').setStyle(ButtonStyle.Secondary),
    );
    on('page', (i) =>
      (i as ChatInputCommandInteraction).reply({ content: 'Page', components: [row], allowedMentions: { parse: [] } }),
    );
    on('lib:ketamine:risks', async (i) => {
      if (!i.isButton()) return;
      await i.deferUpdate();
      await i.editReply({ content: 'Risks section' });
    });
    const message = (await emulator.command({ name: 'page' })).message;
    if (!message) throw new Error('no message');
    const clicked = await emulator.click({ message, customId: 'lib:ketamine:risks' });
    expect(clicked.callback?.type).toBe(6);
    await emulator.waitFor(() => clicked.edits.length === 1, { what: 'the edit after deferUpdate' });
    expect(emulator.channelMessages(IDS.general).find((m) => m.id === message.id)?.content).toBe('Risks section');
  });

  it('creates scheduled events through discord.js', async () => {
    const guild = client.guilds.cache.get(IDS.guild);
    const start = new Date(Date.now() + 86_400_000);
    const event = await guild?.scheduledEvents.create({
      name: 'Grief circle',
      scheduledStartTime: start,
      scheduledEndTime: new Date(start.getTime() + 3_600_000),
      privacyLevel: 2,
      entityType: 3,
      entityMetadata: { location: 'Healing Library' },
    });
    expect(event?.name).toBe('Grief circle');
    expect(emulator.scheduledEvents(IDS.guild).map((e) => e.id)).toContain(event?.id);
    const edited = await event?.edit({ status: GuildScheduledEventStatus.Active });
    expect(edited?.status).toBe(2);
    // An active event may only complete, as on Discord.
    const error = await event?.edit({ status: GuildScheduledEventStatus.Canceled }).catch((e: DiscordAPIError) => e);
    expect((error as DiscordAPIError).code).toBe(50035);
  });

  it('appends follow-ups to the result', async () => {
    on('twice', async (i) => {
      const command = i as ChatInputCommandInteraction;
      await command.reply({ content: 'first', allowedMentions: { parse: [] } });
      await command.followUp({ content: 'second', allowedMentions: { parse: [] } });
    });
    const result = await emulator.command({ name: 'twice' });
    await emulator.waitFor(() => result.followups.length === 1, { what: 'the follow-up' });
    expect(result.followups[0]?.content).toBe('second');
  });

  it('settles at the first follow-up when asked, with the time to the callback', async () => {
    const started = performance.now();
    const result = await emulator.command({ name: 'twice', until: 'follow-up' });
    const elapsed = performance.now() - started;
    expect(result.callback?.type).toBe(4);
    expect(result.followups.map((message) => message.content)).toEqual(['second']);
    // Measured from the dispatch to the callback: within the whole wait, which also covered the follow-up.
    expect(result.callbackMs).toBeGreaterThan(0);
    expect(result.callbackMs).toBeLessThan(elapsed);
    // Without a follow-up, the wait ends in an error that says what never came.
    await expect(emulator.command({ name: 'ping', until: 'follow-up', timeoutMs: 300 })).rejects.toThrow(
      /got no follow-up within 300 ms/,
    );
  });

  it('answers autocomplete and modal submissions', async () => {
    on('modality', async (i) => {
      if (i.isAutocomplete()) await i.respond([{ name: `${i.options.getFocused()}-therapy`, value: 'k' }]);
    });
    const choices = await emulator.autocomplete({ name: 'modality', focused: 'name', value: 'ket' });
    expect(choices.callback).toEqual({ type: 8, data: { choices: [{ name: 'ket-therapy', value: 'k' }] } });

    on('ask', (i) =>
      (i as ChatInputCommandInteraction).showModal({
        custom_id: 'question',
        title: 'Ask',
        components: [
          { type: 18, label: 'Question', component: { type: 4, custom_id: 'text', style: TextInputStyle.Short } },
        ],
      }),
    );
    on('question', async (i) => {
      if (i.isModalSubmit())
        await i.reply({ content: `Q: ${i.fields.getTextInputValue('text')}`, allowedMentions: { parse: [] } });
    });
    await emulator.command({ name: 'ask' });
    const submitted = await emulator.submitModal({ customId: 'question', fields: { text: 'How long?' } });
    expect(submitted.message?.content).toBe('Q: How long?');
  });

  it('returns the callback resource when asked withResponse', async () => {
    let messageId: string | undefined;
    on('with', async (i) => {
      const response = await (i as ChatInputCommandInteraction).reply({
        content: 'x',
        withResponse: true,
        allowedMentions: { parse: [] },
      });
      messageId = response.resource?.message?.id;
    });
    const result = await emulator.command({ name: 'with' });
    await emulator.waitFor(() => messageId, { what: 'the handler to read the response' });
    expect(messageId).toBe(result.message?.id);
  });

  it('refuses a second callback with 40060', async () => {
    let code: unknown;
    on('double', async (i) => {
      const command = i as ChatInputCommandInteraction;
      await command.reply({ content: 'one', allowedMentions: { parse: [] } });
      // Bypass discord.js's own "already replied" guard to reach the REST check.
      await client.rest
        .post(`/interactions/${command.id}/${command.token}/callback`, {
          body: { type: 4, data: { content: 'two' } },
          auth: false,
        })
        .catch((error: DiscordAPIError) => {
          code = error.code;
        });
    });
    await emulator.command({ name: 'double' });
    await emulator.waitFor(() => code, { what: 'the second callback to fail' });
    expect(code).toBe(40060);
  });

  it('delivers a click on a button in a DM, without guild or member', async () => {
    let seen: { guildId: string | null; user: string; inGuild: boolean } | undefined;
    on('dm:cant', async (i) => {
      seen = { guildId: i.guildId, user: i.user.id, inGuild: i.inGuild() };
      if (i.isButton()) await i.update({ content: 'Noted', components: [], allowedMentions: { parse: [] } });
    });
    const user = await client.users.fetch(IDS.moderator);
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('dm:cant').setLabel("Can't make it").setStyle(ButtonStyle.Secondary),
    );
    await user.send({ content: 'Starts soon', components: [row], allowedMentions: { parse: [] } });
    const message = emulator.dmMessages(IDS.moderator).at(-1);
    if (!message) throw new Error('no DM');
    const clicked = await emulator.click({ message, customId: 'dm:cant' });
    expect(seen).toEqual({ guildId: null, user: IDS.moderator, inGuild: false });
    expect(clicked.callback?.type).toBe(7);
    expect(emulator.dmMessages(IDS.moderator).at(-1)?.content).toBe('Noted');
  });

  it('sends DMs, and answers 50007 once the member closes them', async () => {
    const user = await client.users.fetch(IDS.member);
    await user.send({ content: 'reminder', allowedMentions: { parse: [] } });
    expect(emulator.dmMessages(IDS.member).map((m) => m.content)).toEqual(['reminder']);
    emulator.closeDms(IDS.member);
    const error = await user.send({ content: 'again', allowedMentions: { parse: [] } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50007);
  });

  it('carries .ics attachments through multipart bodies', async () => {
    const channel = client.channels.cache.get(IDS.general) as TextChannel;
    const sent = await channel.send({
      content: 'calendar',
      files: [{ attachment: Buffer.from('BEGIN:VCALENDAR'), name: 'event.ics' }],
      allowedMentions: { parse: [] },
    });
    expect(sent.attachments.first()?.name).toBe('event.ics');
    expect(emulator.messageFiles(sent.id)[0]?.data.toString()).toBe('BEGIN:VCALENDAR');
  });

  it('lets @discordjs/rest wait out an injected 429 and retry', async () => {
    emulator.failNext(
      { method: 'POST', path: /^\/channels\/\d+\/messages$/ },
      { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.3, global: false } },
    );
    const channel = client.channels.cache.get(IDS.general) as TextChannel;
    const before = emulator.requests.length;
    const sent = await channel.send({ content: 'after the wait', allowedMentions: { parse: [] } });
    expect(sent.content).toBe('after the wait');
    const posts = emulator.requests.slice(before).filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    // The retry came after retry_after (0.3 s), by the emulator's own record of when each request arrived.
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(290);
  });

  it('makes the bot lack permissions in a channel, in REST answers and in the client cache', async () => {
    const channel = client.channels.cache.get(IDS.announcements) as TextChannel;
    emulator.setBotPermissions(IDS.guild, IDS.announcements, String(PermissionFlagsBits.ViewChannel));
    await emulator.waitFor(() => !channel.permissionsFor(client.user)?.has(PermissionFlagsBits.SendMessages), {
      what: 'CHANNEL_UPDATE',
    });
    const error = await channel.send({ content: 'x', allowedMentions: { parse: [] } }).catch((e: unknown) => e);
    expect((error as DiscordAPIError).code).toBe(50013);
    emulator.setBotPermissions(IDS.guild, IDS.announcements, null);
    await emulator.waitFor(() => channel.permissionsFor(client.user)?.has(PermissionFlagsBits.SendMessages), {
      what: 'restored permissions',
    });
  });

  it('resumes after the emulator drops the connection and still delivers interactions', async () => {
    on('ping', pong);
    const resumed = new Promise((resolve) => client.once(Events.ShardResume, resolve));
    emulator.disconnectAll();
    await resumed;
    const result = await emulator.command({ name: 'ping' });
    expect(result.message?.content).toBe('pong');
    expect(emulator.requests.filter((r) => r.route === '/gateway/bot').length).toBe(1);
  });

  it('names the interaction when the bot never answers', async () => {
    await expect(emulator.command({ name: 'nobody-handles-this', timeoutMs: 200 })).rejects.toThrow(
      /command \/nobody-handles-this.*200 ms/,
    );
  });

  it('sent only requests that agree with the OpenAPI description', () => {
    if (!validator) console.warn('OpenAPI description missing: requests were not validated');
    expect(emulator.validationErrors).toEqual([]);
    expect(handlerErrors).toEqual([]);
  });
});
