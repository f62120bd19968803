import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  ChannelType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Deps } from '../src/deps.js';
import { cachedForChecks } from '../src/discord/bot-in-guild.js';
import { clearedField } from '../src/discord/clear-option.js';
import { NO_MENTIONS } from '../src/discord/replies.js';
import { outsideServer, UserError } from '../src/errors.js';
import { requireManageServer } from '../src/firesides/access.js';
import { cannotPostText, checkAnnouncePermissions, MissingPermissionsError } from '../src/firesides/announce.js';
import { checkTextChannel } from '../src/firesides/input.js';
import { parseOffsets } from '../src/firesides/offsets.js';
import { unheardPing, unheardPingText } from '../src/firesides/ping-role.js';
import { canCreateEvents } from '../src/firesides/scheduled-event.js';
import { requireTimeZone, suggestTimeZones } from '../src/firesides/time.js';
import type { ReminderDelivery, SettingsPatch } from '../src/firesides/types.js';
import { settingsView } from '../src/firesides/views/lists.js';

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

const DELIVERIES: readonly ReminderDelivery[] = ['dm', 'channel', 'both'];

/** What `clear:` can unset: each value is the name of the option that sets it. */
const CLEARABLE = {
  'ping-role': 'pingRoleId',
  'moderator-role': 'moderatorRoleId',
  announcements: 'announcementChannelId',
  timezone: 'timezone',
} as const satisfies Record<string, keyof SettingsPatch>;

export async function execute(interaction: ChatInputCommandInteraction, deps: Deps): Promise<void> {
  if (!interaction.inGuild()) throw outsideServer();
  requireManageServer(interaction);
  const options = interaction.options;
  const patch: SettingsPatch = {};
  const warnings: string[] = [];
  const cleared = clearedField(options, CLEARABLE);

  const announcements = options.getChannel('announcements');
  if (announcements) patch.announcementChannelId = checkTextChannel(announcements);
  const moderatorRole = options.getRole('moderator-role');
  if (moderatorRole) patch.moderatorRoleId = moderatorRole.id;
  const timezone = options.getString('timezone');
  if (timezone !== null) patch.timezone = requireTimeZone(timezone.trim());
  const reminders = options.getString('reminders');
  if (reminders !== null) patch.reminders = parseOffsets(reminders);
  const delivery = options.getString('reminder-delivery');
  if (delivery !== null) {
    if (!DELIVERIES.includes(delivery as ReminderDelivery))
      throw new UserError('Reminder delivery is `dm`, `channel` or `both`.');
    patch.reminderDelivery = delivery as ReminderDelivery;
  }
  const pingRole = options.getRole('ping-role');
  if (pingRole) {
    if (pingRole.id === interaction.guildId) throw new UserError('Pick a specific role to ping, not @everyone.');
    patch.pingRoleId = pingRole.id;
  }
  const nativeEvents = options.getBoolean('native-events');
  if (nativeEvents !== null) patch.nativeEvents = nativeEvents;
  const remindMaybe = options.getBoolean('remind-maybe');
  if (remindMaybe !== null) patch.remindMaybe = remindMaybe;
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
  const saved = cleared ? `Settings saved; \`${options.getString('clear')}\` cleared.` : 'Settings saved.';
  const content = [changed ? saved : 'Current settings (give an option to change one).', ...warnings].join('\n');
  const answer = { content, embeds: [settingsView(settings)], allowedMentions: NO_MENTIONS };
  if (interaction.deferred) await interaction.editReply(answer);
  else await interaction.reply({ ...answer, flags: MessageFlags.Ephemeral });
}

export async function autocomplete(interaction: AutocompleteInteraction): Promise<void> {
  const typed = String(interaction.options.getFocused());
  await interaction.respond(suggestTimeZones(typed).map((zone) => ({ name: zone, value: zone })));
}
