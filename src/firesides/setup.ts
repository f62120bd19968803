import { MessageFlags } from 'discord.js';
import { UserError } from '../core/errors.js';
import { cachedForChecks } from '../discord/bot-in-guild.js';
import { clearedField } from '../discord/clear-option.js';
import type { GuildChatInput } from '../discord/guild-interaction.js';
import { requireManageServer } from './access.js';
import { cannotPostText, checkAnnouncePermissions, MissingPermissionsError } from './announce.js';
import type { FiresideDeps } from './deps.js';
import { type ChannelRef, checkTextChannel } from './input.js';
import { parseOffsets } from './offsets.js';
import { unheardPing, unheardPingText } from './ping-role.js';
import { canCreateEvents } from './scheduled-event.js';
import { requireTimeZone } from './time.js';
import { RETENTION_DAYS, type ReminderDelivery, type SettingsPatch } from './types.js';
import { noCreateEventsText, setupReply } from './views/setup.js';

/** The options of /setup as the command kit reads them, named as in its JSON. */
export interface SetupOptionValues {
  readonly announcements: ChannelRef | null;
  readonly 'moderator-role': { readonly id: string } | null;
  readonly timezone: string | null;
  readonly reminders: string | null;
  readonly 'reminder-delivery': ReminderDelivery | null;
  readonly 'ping-role': { readonly id: string } | null;
  readonly 'native-events': boolean | null;
  readonly 'remind-maybe': boolean | null;
  readonly retention: number | null;
  readonly clear: keyof typeof CLEARABLE | null;
}

/** What `clear:` can unset: each value is the name of the option that sets it. */
const CLEARABLE = {
  'ping-role': 'pingRoleId',
  'moderator-role': 'moderatorRoleId',
  announcements: 'announcementChannelId',
  timezone: 'timezone',
  retention: 'retentionDays',
} as const satisfies Record<string, keyof SettingsPatch>;

/**
 * Discord's client offers only whole numbers within the option's min_value and max_value, but Discord does not
 * promise the bot that (the docs call them "the minimum value permitted", nothing more), so a forged value is
 * refused here in words a moderator can act on. Never echoed back: it could be any text.
 */
export function checkRetention(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < RETENTION_DAYS.min || value > RETENTION_DAYS.max)
    throw new UserError(
      `Retention is a whole number of days from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max}, e.g. \`retention:30\` (the default); \`clear:retention\` goes back to the default.`,
    );
  return value;
}

/** `/setup`: saves what was given, warns of what will not work yet, and shows the settings as they stand. */
export async function setupServer(interaction: GuildChatInput, deps: FiresideDeps, options: SetupOptionValues) {
  requireManageServer(interaction);
  const patch: SettingsPatch = {};
  const warnings: string[] = [];
  const cleared = clearedField(options, CLEARABLE);

  if (options.announcements) patch.announcementChannelId = checkTextChannel(options.announcements);
  const moderatorRole = options['moderator-role'];
  if (moderatorRole) {
    // @everyone's id is the server's: every member would moderate.
    if (moderatorRole.id === interaction.guildId)
      throw new UserError('Pick a specific role for moderators, not @everyone: every member would be one.');
    patch.moderatorRoleId = moderatorRole.id;
  }
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
  if (options.retention !== null) patch.retentionDays = checkRetention(options.retention);
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
    warnings.push(noCreateEventsText);
  }

  // Said at every /setup while it holds, so the admin who fixes it sees the warning go.
  if (pingRoleId) {
    const unheard = await unheardPing(interaction.client, interaction.guildId, pingRoleId, channelId);
    if (unheard) warnings.push(unheardPingText(unheard));
  }

  const changed = Object.keys(patch).length > 0;
  const settings = changed
    ? saveSettings(deps, interaction.guildId, patch)
    : deps.firesides.settings.get(interaction.guildId);
  const answer = setupReply(settings, { changed, cleared: cleared ? options.clear : null, warnings });
  if (interaction.deferred) await interaction.editReply(answer);
  else await interaction.reply({ ...answer, flags: MessageFlags.Ephemeral });
}

/** Occurrences made ahead move with a new announcement channel in the same commit, so none is left on the old one. */
function saveSettings(deps: FiresideDeps, guildId: string, patch: SettingsPatch) {
  const now = deps.now().getTime();
  return deps.db.transaction(() => {
    const before = deps.firesides.settings.get(guildId).announcementChannelId;
    const settings = deps.firesides.settings.update(guildId, patch, now);
    const after = settings.announcementChannelId;
    if (before && after && before !== after)
      deps.scheduling.occurrences.followServerChannel(guildId, before, after, now);
    return settings;
  })();
}
