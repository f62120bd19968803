import { type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import { NO_MENTIONS } from '../discord/replies.js';
import { UserError } from '../errors.js';

/**
 * Defers ephemerally (posting and DMs can outlast Discord's 3 s), runs the work and edits the one reply with its
 * outcome. A UserError after the deferral replaces the "thinking" message instead of leaving it behind.
 */
export async function withDeferredReply(
  interaction: ChatInputCommandInteraction,
  work: () => Promise<string>,
): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let content: string;
  try {
    content = await work();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    content = error.message;
  }
  await interaction.editReply({ content, allowedMentions: NO_MENTIONS });
}
