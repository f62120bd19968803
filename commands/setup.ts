import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { UserError } from '../src/core/errors.js';
import { cachedForChecks } from '../src/discord/bot-in-guild.js';
import { clearedField } from '../src/discord/clear-option.js';
import type { OptionsOf } from '../src/discord/command-options.js';
import type { GuildChatInput } from '../src/discord/guild-interaction.js';
import { NO_MENTIONS } from '../src/discord/replies.js';
import {
  canCreateEvents,
  cannotPostText,
  checkAnnouncePermissions,
  checkTextChannel,
  MissingPermissionsError,
  parseOffsets,
  requireManageServer,
  requireTimeZone,
  type SettingsPatch,
  settingsView,
  suggestTimeZones,
  unheardPing,
  unheardPingText,
} from '../src/firesides/index.js';
import { defineCommand } from './command-kit.js';
import type { Deps } from './deps.js';

const S = ApplicationCommandOptionType;

export const data = {
  name: 'setup',
  description: 'Fireside settings for this server (Manage Server)',
  contexts: [InteractionContextType.Guild],
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  options: [
    {
      type: S.Channel,
      name: 'announcements',
      description: 'Where discussions are announced',
      channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
    },
    { type: S.Role, name: 'moderator-role', description: 'Members with this role can manage discussions' },
    {
      type: S.String,
      name: 'timezone',
      description: 'Time zone for start times, e.g. Europe/Paris',
      autocomplete: true,
    },
    {
      type: S.String,
      name: 'reminders',
      description: 'Reminders before each discussion, e.g. 24h,1h or none',
      max_length: 100,
    },
    {
      type: S.String,
      name: 'reminder-delivery',
      description: 'How reminders reach members',
      choices: [
        { name: 'By DM', value: 'dm' },
        { name: 'In the channel', value: 'channel' },
        { name: 'Both', value: 'both' },
      ],
    },
    { type: S.Role, name: 'ping-role', description: 'Role pinged by new announcements' },
    { type: S.Boolean, name: 'native-events', description: 'Also create Discord events' },
    { type: S.Boolean, name: 'remind-maybe', description: 'Also remind members who answered Maybe' },
    {
      type: S.String,
      name: 'clear',
      description: 'Unset one setting (the time zone goes back to the default)',
      choices: [
        { name: 'Ping role', value: 'ping-role' },
        { name: 'Moderator role', value: 'moderator-role' },
        { name: 'Announcement channel', value: 'announcements' },
        { name: 'Time zone', value: 'timezone' },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** What `clear:` can unset: each value is the name of the option that sets it. */
const CLEARABLE = {
  'ping-role': 'pingRoleId',
  'moderator-role': 'moderatorRoleId',
  announcements: 'announcementChannelId',
  timezone: 'timezone',
} as const satisfies Record<string, keyof SettingsPatch>;

async function setup(interaction: GuildChatInput, options: OptionsOf<typeof data.options>, deps: Deps) {
  requireManageServer(interaction);
  const patch: SettingsPatch = {};
  const warnings: string[] = [];
  const cleared = clearedField(options, CLEARABLE);

  if (options.announcements) patch.announcementChannelId = checkTextChannel(options.announcements);
  if (options['moderator-role']) patch.moderatorRoleId = options['moderator-role'].id;
  if (options.timezone !== null) patch.timezone = requireTimeZone(options.timezone.trim());
  if (options.reminders !== null) patch.reminders = parseOffsets(options.reminders);
  if (options['reminder-delivery'] !== null) patch.reminderDelivery = options['reminder-delivery'];
  const pingRole = options['ping-role'];
  if (pingRole) {
    if (pingRole.id === interaction.guildId) throw new UserError('Pick a specific role to ping, not @everyone.');
    patch.pingRoleId = pingRole.id;
  }
  if (options['native-events'] !== null) patch.nativeEvents = options['native-events'];
  if (options['remind-maybe'] !== null) patch.remindMaybe = options['remind-maybe'];
  if (cleared) patch[cleared] = null;
  const stored = deps.firesides.settings.get(interaction.guildId);
  const pingRoleId = patch.pingRoleId !== undefined ? patch.pingRoleId : stored.pingRoleId;
  const channelId =
    patch.announcementChannelId !== undefined ? patch.announcementChannelId : stored.announcementChannelId;
  // The checks below read the cache, and ask Discord for what it lacks: then the answer may come too late to reply.
  const checking = Boolean(patch.announcementChannelId || patch.nativeEvents || pingRoleId);
  const lookups = { channelIds: channelId ? [channelId] : [], roleIds: pingRoleId ? [pingRoleId] : [] };
  if (checking && !cachedForChecks(interaction.client, interaction.guildId, lookups))
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });

  if (patch.announcementChannelId) {
    // Saved anyway (an admin may fix the permissions next), but said now rather than at the first /fireside schedule.
    await checkAnnouncePermissions(interaction.client, interaction.guildId, patch.announcementChannelId).catch(
      (error) => {
        if (error instanceof MissingPermissionsError) warnings.push(cannotPostText(error.channelId, error.missing));
        else if (error instanceof UserError) warnings.push(error.message);
        else throw error;
      },
    );
  }

  // Saved anyway, like the channel: the admin may grant it next.
  if (patch.nativeEvents && !(await canCreateEvents(interaction.client, interaction.guildId))) {
    warnings.push(
      'Discord events are on, but I am missing **Create Events** in this server: allow it for my role, or no event will be created.',
    );
  }

  // Said at every /setup while it holds, so the admin who fixes it sees the warning go.
  if (pingRoleId) {
    const unheard = await unheardPing(interaction.client, interaction.guildId, pingRoleId, channelId);
    if (unheard) warnings.push(unheardPingText(unheard));
  }

  const changed = Object.keys(patch).length > 0;
  const settings = changed
    ? deps.firesides.settings.update(interaction.guildId, patch, deps.now().getTime())
    : deps.firesides.settings.get(interaction.guildId);
  const saved = cleared ? `Settings saved; \`${options.clear}\` cleared.` : 'Settings saved.';
  const content = [changed ? saved : 'Current settings (give an option to change one).', ...warnings].join('\n');
  const answer = { content, embeds: [settingsView(settings)], allowedMentions: NO_MENTIONS };
  if (interaction.deferred) await interaction.editReply(answer);
  else await interaction.reply({ ...answer, flags: MessageFlags.Ephemeral });
}

export const command = defineCommand(data, {
  run: setup,
  autocomplete: async (interaction, focused) => {
    await interaction.respond(suggestTimeZones(focused.value).map((zone) => ({ name: zone, value: zone })));
  },
});
