import { type InteractionReplyOptions, type JSONEncodable, MessageFlags, type MessageMentionOptions } from 'discord.js';

/** Nothing a member or moderator typed may ping anyone: every message the bot sends carries this unless it names exactly whom to ping. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [] };

export function ephemeral(content: string): InteractionReplyOptions & { flags: MessageFlags.Ephemeral } {
  return { content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS };
}

/**
 * Our views build Discord's API JSON already. Marked this way, discord.js sends it as it is instead of running its
 * deep camelCase-to-snake_case transform over every embed and component of every message (measurable per reply).
 */
export function apiJson<T>(value: T): JSONEncodable<T> {
  return { toJSON: () => value };
}
