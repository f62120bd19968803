import { WorkDoneError } from '../core/errors.js';
import type { GuildButton, GuildChatInput } from '../discord/guild-interaction.js';
import { ephemeral } from '../discord/replies.js';
import { requireModerator } from '../firesides/index.js';
import { currentPage } from '../library/index.js';
import type { TopicsDeps } from './deps.js';
import { interestAnswer, interestReport, plannedMeanwhile } from './views/interest.js';

/**
 * "I'd join a discussion on this": records the member's interest in the page on this server, or withdraws it on a
 * second click. When a discussion was announced meanwhile, the member gets its link and nothing is recorded.
 * Only the member sees the answer: interest in a health topic is private.
 */
export async function toggleInterest(interaction: GuildButton, deps: TopicsDeps, slug: string): Promise<void> {
  const page = currentPage(deps.library, slug);
  const now = deps.now().getTime();
  // As the DM waits for one not started yet, so does this: while one is under way, members may ask for the next.
  const planned = deps.topicDiscussions.ahead(interaction.guildId, slug, now);
  if (planned) {
    await interaction.reply(ephemeral(plannedMeanwhile(page.title, planned)));
    return;
  }
  const result = deps.interest.toggle(interaction.guildId, slug, interaction.user.id, now);
  const answer = interestAnswer(page.title, result);
  // Stored (or withdrawn) already: an apology would invite a second tap, which undoes it.
  await interaction.reply(ephemeral(answer)).catch((error: unknown) => {
    throw new WorkDoneError(answer, { cause: error });
  });
}

/** `/library interest` (moderators): the pages members asked for, most wanted first, with counts, never names. */
export async function showInterest(interaction: GuildChatInput, deps: TopicsDeps): Promise<void> {
  requireModerator(interaction, deps);
  const counts = deps.interest.countsByPage(interaction.guildId);
  const plans = deps.topicDiscussions.plans(interaction.guildId, deps.now().getTime());
  const rows = counts.map((entry) => ({
    ...entry,
    title: deps.library.get(entry.slug)?.title,
    plan: plans.get(entry.slug),
  }));
  await interaction.reply({ ...interestReport(rows), flags: 'Ephemeral' });
}
