import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { RETENTION_DAYS, setupServer, timeZoneChoices } from '../src/firesides/index.js';
import { defineCommand } from './command-kit.js';

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
      type: S.Integer,
      name: 'retention',
      description: 'Days to keep who answered and asked, after a discussion ends (default 30)',
      min_value: RETENTION_DAYS.min,
      max_value: RETENTION_DAYS.max,
    },
    {
      type: S.String,
      name: 'clear',
      description: 'Unset one setting (the time zone goes back to the default)',
      choices: [
        { name: 'Ping role', value: 'ping-role' },
        { name: 'Moderator role', value: 'moderator-role' },
        { name: 'Announcement channel', value: 'announcements' },
        { name: 'Time zone', value: 'timezone' },
        { name: 'Retention (back to 30 days)', value: 'retention' },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const command = defineCommand(data, {
  run: (interaction, options, deps) => setupServer(interaction, deps, options),
  autocomplete: (interaction, focused) => interaction.respond(timeZoneChoices(focused.value)),
});
