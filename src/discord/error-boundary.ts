import { randomBytes } from 'node:crypto';
import type { Interaction } from 'discord.js';
import { UserError, WorkDoneError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { ephemeral, NO_MENTIONS } from './replies.js';

/** How an interaction ended, for the metrics: answered, the member's to fix, or ours. */
export type InteractionOutcome = 'answered' | 'user_error' | 'internal_error';

/**
 * What the logs need to find an interaction again: its id, and what was used. A button's, select's or form's custom
 * id names what the member was reading or answering (a health page, a discussion), so that line never names the
 * member too: it would tell their interest in a page, their answer, or (a question's form, with its time) an
 * anonymous question's author; nor does a DM's channel, which is the member's own. A command's line logs its name,
 * never its options, and names the member.
 */
export function interactionContext(interaction: Interaction): Record<string, unknown> {
  const customId = interaction.isMessageComponent() || interaction.isModalSubmit() ? interaction.customId : undefined;
  return {
    interactionId: interaction.id,
    type: interaction.type,
    command: interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : undefined,
    customId,
    guildId: interaction.guildId,
    // Outside a server the channel is the member's DM channel, which names them as surely as their id.
    channelId: interaction.inGuild() ? interaction.channelId : undefined,
    userId: customId === undefined ? interaction.user.id : undefined,
  };
}

/**
 * What the member reads about an error, logged with context unless it is theirs to fix: a UserError's message; for
 * work that was done before the failure, what was done (an apology would invite doing it twice); else an apology
 * with a reference to quote, never a stack or an internal message.
 */
export function errorText(error: unknown, interaction: Interaction, logger: Logger): string {
  if (error instanceof UserError) return error.message;
  const reference = randomBytes(4).toString('hex');
  if (error instanceof WorkDoneError) {
    logger.error(
      { err: error, reference, ...interactionContext(interaction) },
      'interaction failed after its work was done',
    );
    return `${error.told} (Something failed after that; reference \`${reference}\`.)`;
  }
  logger.error({ err: error, reference, ...interactionContext(interaction) }, 'interaction failed');
  return `Sorry, something went wrong on our side. If it keeps happening, tell a moderator and quote reference \`${reference}\`.`;
}

/**
 * The one error policy, applied to a handler's work as it settles. A UserError is the member's to fix: its message
 * is shown ephemerally. A WorkDoneError says what was done before it failed, which the member reads instead of an
 * apology. Anything else is ours: logged with context, and the member sees an apology with a reference to quote,
 * never a stack or an internal message.
 *
 * It takes the work already started, not a function to run, so that the dispatcher adds one reaction to a handler's
 * promise on the path of every interaction rather than async frames around it.
 */
export function settleInteraction(
  interaction: Interaction,
  logger: Logger,
  work: Promise<unknown>,
): Promise<InteractionOutcome> {
  return work.then(answered, (error: unknown) => answerError(interaction, logger, error));
}

const answered = (): InteractionOutcome => 'answered';

async function answerError(interaction: Interaction, logger: Logger, error: unknown): Promise<InteractionOutcome> {
  const outcome = error instanceof UserError ? 'user_error' : 'internal_error';
  if (interaction.isAutocomplete()) {
    logger.error({ err: error, ...interactionContext(interaction) }, 'autocomplete failed');
    if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    return outcome;
  }
  const content = errorText(error, interaction, logger);
  if (!interaction.isRepliable()) return outcome;
  try {
    // A command's deferred "thinking…" reply becomes the answer instead of staying beside it. (A component's
    // deferred update is the message it sits on: never overwritten.)
    if (interaction.isChatInputCommand() && interaction.deferred && !interaction.replied)
      await interaction.editReply({ content, allowedMentions: NO_MENTIONS });
    else if (interaction.replied || interaction.deferred) await interaction.followUp(ephemeral(content));
    else await interaction.reply(ephemeral(content));
  } catch (replyError) {
    logger.warn({ err: replyError, ...interactionContext(interaction) }, 'could not tell the member about an error');
  }
  return outcome;
}
