import { type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import { UserError, WorkDoneError } from '../core/errors.js';
import { errorText } from '../discord/error-boundary.js';
import { finishReply } from '../discord/finish-reply.js';
import { dmMember } from './deliver.js';
import type { FiresideDeps } from './deps.js';

/**
 * Defers ephemerally (posting and DMs can outlast Discord's 3 s), runs the work and gives its outcome in the one
 * reply. A UserError after the deferral, or a WorkDoneError (work done, then a failure), replaces the "thinking"
 * message instead of leaving it behind. The outcome is never lost to a failed edit or a token that expired during
 * a long batch: finishReply retries, then DMs the moderator (or mentions them in the channel).
 */
export async function withDeferredReply(
  interaction: ChatInputCommandInteraction,
  deps: FiresideDeps,
  work: () => Promise<string>,
  /** Where the moderator reads the outcome when neither the reply nor a DM reaches them. */
  seeInstead = '`/fireside info`',
): Promise<void> {
  const receivedAt = deps.now().getTime();
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let content: string;
  try {
    content = await work();
  } catch (error) {
    if (!(error instanceof UserError || error instanceof WorkDoneError)) throw error;
    content = errorText(error, interaction, deps.logger);
  }
  await finishReply(interaction, content, {
    receivedAt,
    now: deps.now,
    logger: deps.logger,
    dm: (userId, text) => dmMember(interaction.client, deps, userId, { content: text }),
    seeInstead,
  });
}
