import type { Client } from 'discord.js';
import { MessageFlags } from 'discord.js';
import { UserError } from '../core/errors.js';
import type { GuildButton, GuildChatInput } from '../discord/guild-interaction.js';
import { ephemeral, NO_MENTIONS } from '../discord/replies.js';
import { alongsideReply, followChange } from '../firesides/index.js';
import type { PrivacyDeps } from './deps.js';
import { type FreedPlace, nothingHeld } from './member-data-store.js';
import {
  CANCELLED_TEXT,
  EXPIRED_TEXT,
  erasedText,
  FORGET_VALID_MS,
  forgetButtons,
  forgetSummaryText,
  NOT_YOURS_TEXT,
  NOTHING_HELD_TEXT,
  NOTHING_LEFT_TEXT,
} from './views/forget.js';

/** `/privacy forget`: what would be erased, to the member alone, with a confirmation valid 5 minutes. */
export async function askToForget(interaction: GuildChatInput, deps: PrivacyDeps): Promise<void> {
  const now = deps.now().getTime();
  const counts = deps.memberData.count(interaction.guildId, interaction.user.id, now);
  if (nothingHeld(counts)) {
    await interaction.reply(ephemeral(NOTHING_HELD_TEXT));
    return;
  }
  const expiresAt = now + FORGET_VALID_MS;
  await interaction.reply({
    content: forgetSummaryText(counts, expiresAt),
    components: forgetButtons(interaction.user.id, expiresAt),
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
}

/** Places freed in discussions still to come: announcements refreshed and members moved up told, as after "Can't go". */
async function followFreed(client: Client, deps: PrivacyDeps, freed: FreedPlace[]): Promise<void> {
  for (const place of freed) {
    const discussion = deps.firesides.discussions.get(place.discussionId);
    if (discussion) await followChange(client, deps, discussion, place);
  }
}

/**
 * Erase my data or Cancel. The offer's member and its end are in the custom id, so a click after a restart is
 * judged as before; another member's click erases nothing; a second click finds nothing left. Once committed, the
 * erasure stands whatever becomes of the answer: a failed answer is told by the error boundary as work done.
 */
export async function answerForget(
  interaction: GuildButton,
  deps: PrivacyDeps,
  [action, userId, expiresAt]: readonly ['yes' | 'no', string, number],
): Promise<void> {
  if (interaction.user.id !== userId) throw new UserError(NOT_YOURS_TEXT);
  const answer = (content: string) => interaction.update({ content, components: [], allowedMentions: NO_MENTIONS });
  if (action === 'no') {
    await answer(CANCELLED_TEXT);
    return;
  }
  const now = deps.now().getTime();
  if (now > expiresAt) {
    await answer(EXPIRED_TEXT);
    return;
  }
  const { counts, freed } = deps.memberData.erase(interaction.guildId, userId, now);
  const promoted = freed.reduce((sum, place) => sum + place.promoted.length, 0);
  const told = nothingHeld(counts) ? NOTHING_LEFT_TEXT : erasedText(counts, promoted);
  await alongsideReply(answer(told), followFreed(interaction.client, deps, freed), told, deps.logger);
}
