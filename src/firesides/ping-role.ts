import { type Client, PermissionFlagsBits } from 'discord.js';
import { botInGuild } from '../discord/bot-in-guild.js';
import type { FiresideDeps } from './deps.js';

/** A ping role whose members an announcement will not notify, and why. */
export interface UnheardPing {
  roleId: string;
  /** Where the announcement goes; null when no channel is set (the server-wide permissions were checked). */
  channelId: string | null;
  reason: 'gone' | 'not-mentionable';
}

/**
 * Discord notifies a role's members only when the role is mentionable or the bot has Mention Everyone in the channel
 * (discord-api-docs, resources/message, "Allowed Mentions Object"); otherwise the ping line shows and nobody hears
 * it. Null when the role will be notified.
 */
export async function unheardPing(
  client: Client,
  guildId: string,
  roleId: string,
  channelId: string | null,
): Promise<UnheardPing | null> {
  const { guild, me } = await botInGuild(client, guildId);
  const role = guild.roles.cache.get(roleId) ?? (await guild.roles.fetch(roleId));
  if (!role) return { roleId, channelId, reason: 'gone' };
  if (role.mentionable) return null;
  const channel = channelId
    ? (guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId).catch(() => null)))
    : null;
  const permissions = channel ? channel.permissionsFor(me) : me.permissions;
  return permissions.has(PermissionFlagsBits.MentionEveryone) ? null : { roleId, channelId, reason: 'not-mentionable' };
}

/**
 * The line that warns a moderator setting up announcements in `channelId` (a series) that they will not notify the
 * server's ping role. Undefined when no ping role is set, when it will be notified, or when Discord could not be
 * asked: that is logged, as the warning is advice and must not fail work already done.
 */
export async function unheardPingWarning(
  client: Client,
  deps: Pick<FiresideDeps, 'firesides' | 'logger'>,
  guildId: string,
  channelId: string,
): Promise<string | undefined> {
  const { pingRoleId } = deps.firesides.settings.get(guildId);
  if (!pingRoleId) return undefined;
  try {
    const unheard = await unheardPing(client, guildId, pingRoleId, channelId);
    return unheard ? unheardPingText(unheard) : undefined;
  } catch (error) {
    deps.logger.warn({ err: error, guildId, channelId }, 'could not check whether the ping role is notified');
    return undefined;
  }
}

/** What an admin can change, for /setup and the moderator who announces. */
export function unheardPingText({ roleId, channelId, reason }: UnheardPing): string {
  if (reason === 'gone')
    return 'The ping role no longer exists, so announcements ping nobody: pick another with `/setup ping-role:`.';
  const where = channelId ? ` in <#${channelId}>` : '';
  return `Announcements do not notify <@&${roleId}>: the role is not mentionable and I am missing **Mention Everyone**${where}. Turn on "Allow anyone to @mention this role" in the role's settings, or allow **Mention Everyone** for my role${channelId ? ' there' : ''}.`;
}
