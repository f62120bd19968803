import { PERMISSIONS } from './fixtures.js';
import { has } from './permissions.js';
import type { EmulatorState } from './state.js';
import type { EmulatedMessage, Json } from './types.js';

/**
 * Which defaults apply when a request carries no `allowed_mentions` (developers/resources/message.mdx, "Default
 * Settings for Allowed Mentions"): regular messages parse every type; interactions and webhooks parse users only.
 */
export type MentionContext = 'message' | 'interaction';

const DEFAULT_PARSE: Record<MentionContext, readonly string[]> = {
  message: ['users', 'roles', 'everyone'],
  interaction: ['users'],
};

type Mentions = Pick<EmulatedMessage, 'mentions' | 'mention_roles' | 'mention_everyone'>;

const ids = (content: string, pattern: RegExp) => [
  ...new Set([...content.matchAll(pattern)].map((m) => m[1] as string)),
];

/**
 * The mentions Discord records for a message's content (developers/resources/message.mdx, "Allowed Mentions
 * Object"): only what the content shows can be mentioned; `parse` or the `users`/`roles` lists allow it; a role is
 * mentioned, and its members notified, only when it is `mentionable` or the bot has MENTION_EVERYONE in the channel;
 * @everyone and @here need MENTION_EVERYONE. Mentions inside Components V2 are not modelled (the bot sends none).
 */
export function resolveMentions(
  state: EmulatorState,
  where: { channelId: string; guildId?: string },
  content: string,
  allowed: Json,
  context: MentionContext,
): Mentions {
  const parse: readonly string[] = allowed ? (allowed.parse ?? []) : DEFAULT_PARSE[context];
  const allowedUsers: string[] = allowed?.users ?? [];
  const allowedRoles: string[] = allowed?.roles ?? [];
  const guild = where.guildId ? state.guild(where.guildId) : undefined;
  const mentionEveryone =
    guild !== undefined && has(state.botPermissionsIn(guild.fixture.id, where.channelId), PERMISSIONS.MENTION_EVERYONE);

  const mentions = ids(content, /<@!?(\d{17,20})>/g)
    .filter((id) => parse.includes('users') || allowedUsers.includes(id))
    .flatMap((id) => state.userPayload(id) ?? []);
  const mention_roles = ids(content, /<@&(\d{17,20})>/g).filter((id) => {
    const role = guild?.fixture.roles.find((r) => r.id === id);
    if (!role || !(parse.includes('roles') || allowedRoles.includes(id))) return false;
    return role.mentionable === true || mentionEveryone;
  });
  const mention_everyone = /@(everyone|here)\b/.test(content) && parse.includes('everyone') && mentionEveryone;
  return { mentions, mention_roles, mention_everyone };
}

/** The members a message currently mentions (its unread mention): named, in a mentioned role, or everyone. */
export function mentionedMembers(state: EmulatorState, message: EmulatedMessage): string[] {
  const named = new Set(message.mentions.map((user: Json) => user.id as string));
  const guild = message.guild_id ? state.guild(message.guild_id) : undefined;
  if (!guild) return [...named];
  return guild.fixture.members
    .filter(
      (member) =>
        message.mention_everyone ||
        named.has(member.userId) ||
        member.roles.some((role) => message.mention_roles.includes(role)),
    )
    .map((member) => member.userId);
}
