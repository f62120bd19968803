import { type Interaction, MessageFlags, type RepliableInteraction, Routes } from 'discord.js';
import type { Logger } from '../core/log.js';
import { interactionContext } from './error-boundary.js';
import { NO_MENTIONS } from './replies.js';
import { retryUnlessRefused } from './retry.js';
import { clip } from './typed-text.js';

/**
 * Discord's interaction tokens serve follow-ups and edits of the reply for 15 minutes
 * (developers/interactions/receiving-and-responding.mdx, "Followup Messages"); past that every one is refused.
 * From REPLY_BY_MS on the outcome goes another way, so that an edit sent near the end, retried or queued behind a
 * rate limit, does not reach Discord after the token died.
 */
export const INTERACTION_TOKEN_TTL_MS = 15 * 60_000;
export const REPLY_BY_MS = 14 * 60_000;

const CONTENT_MAX = 2_000;

export interface FinishOptions {
  /** When the bot received the interaction, on its own clock: the token dies 15 minutes after. */
  receivedAt: number;
  now: () => Date;
  logger: Logger;
  /** DMs the member (the caller's DM path: remembered channels, pacing); throws when Discord refuses. */
  dm: (userId: string, content: string) => Promise<void>;
  /** Where the member can see what the command did, e.g. "`/fireside info`", for the channel fallback. */
  seeInstead: string;
}

/** Where the outcome was given: 'lost' only when Discord refused or failed every way (logged). */
export type Finished = 'reply' | 'dm' | 'channel' | 'lost';

/**
 * Gives the outcome of work already done to the member who asked, never dropping it: in the interaction's reply
 * while its token lives (a command's deferred reply is edited; otherwise an ephemeral follow-up); else, and always
 * once the token is older than REPLY_BY_MS, by DM. Only the edit of the reply is retried when Discord fails: it is
 * idempotent, whereas a follow-up or a DM that Discord posted before failing would be posted twice. Where both fail,
 * a message in the interaction's channel, mentioning only them, says that the command finished and where to see
 * what it did, never the outcome itself: that may name what members must not see yet (an occurrence not announced,
 * a deleted series). Never throws: the work is committed, and an apology in its place would invite doing it twice.
 */
export async function finishReply(
  interaction: RepliableInteraction,
  content: string,
  options: FinishOptions,
): Promise<Finished> {
  // The member is named only where the outcome failed to reach them, so that failure can be traced.
  const { userId: member, ...where } = interactionContext(interaction);
  const log = options.logger.child(where);
  const traced = log.child({ userId: member });
  const answered = interaction.deferred || interaction.replied;
  if (answered && options.now().getTime() - options.receivedAt < REPLY_BY_MS) {
    try {
      if (interaction.isChatInputCommand() && interaction.deferred && !interaction.replied) {
        await retryUnlessRefused(() => interaction.editReply({ content, allowedMentions: NO_MENTIONS }));
      } else {
        await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      }
      return 'reply';
    } catch (error) {
      traced.warn(
        { err: error },
        'could not reply to the interaction after its work was done; telling the member another way',
      );
    }
  } else {
    log.info('the interaction token is too old (or was never answered); telling the member another way');
  }

  const userId = interaction.user.id;
  try {
    await options.dm(userId, clip(`About ${asked(interaction)}: ${content}`, CONTENT_MAX));
    return 'dm';
  } catch (error) {
    log.info({ err: error }, 'could not DM the outcome; mentioning the member in the channel');
  }
  if (interaction.channelId) {
    try {
      const pointer = `<@${userId}> ${asked(interaction)} finished, but I could not reply or DM you: see ${options.seeInstead} before you run it again.`;
      await interaction.client.rest.post(Routes.channelMessages(interaction.channelId as string), {
        body: { content: clip(pointer, CONTENT_MAX), allowed_mentions: { users: [userId] } },
      });
      return 'channel';
    } catch (error) {
      traced.warn({ err: error }, 'could not post the outcome in the channel either');
    }
  }
  traced.error('the outcome of work already done reached nobody: Discord refused the reply, the DM and the channel');
  return 'lost';
}

/** "your `/fireside cancel`": which of their requests the message is about, once it is not a reply to it. */
function asked(interaction: Interaction): string {
  if (!interaction.isChatInputCommand()) return 'your last click';
  const group = interaction.options.getSubcommandGroup(false);
  const sub = interaction.options.getSubcommand(false);
  return `your \`/${[interaction.commandName, group, sub].filter(Boolean).join(' ')}\``;
}
