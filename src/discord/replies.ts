import { type InteractionReplyOptions, MessageFlags, type MessageMentionOptions } from 'discord.js';

/** Nothing a member or moderator typed may ping anyone: every message the bot sends carries this unless it names exactly whom to ping. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [] };

export function ephemeral(content: string): InteractionReplyOptions & { flags: MessageFlags.Ephemeral } {
  return { content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS };
}
