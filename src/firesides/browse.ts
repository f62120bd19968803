import { MessageFlags } from 'discord.js';
import type { GuildButton, GuildChatInput } from '../discord/guild-interaction.js';
import { clampPage, lastPage } from '../discord/pager.js';
import { NO_MENTIONS } from '../discord/replies.js';
import { isModerator, requireModeratorOrFacilitator, resolveDiscussion, seesDiscussion } from './access.js';
import { isAnnounced, notAnnouncedText } from './announced.js';
import type { FiresideDeps } from './deps.js';
import { readerOf } from './link-for.js';
import { discussionFromComponent } from './rsvp-flow.js';
import type { Discussion } from './types.js';
import {
  attendeesView,
  EVENTS_PER_PAGE,
  infoView,
  purgedListView,
  questionsView,
  upcomingListView,
  upcomingPageView,
} from './views/lists.js';

const privately = { flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS } as const;

function upcomingPage(deps: FiresideDeps, guildId: string, userId: string, page: number) {
  const { discussions, rsvps } = deps.firesides;
  const now = deps.now().getTime();
  const total = discussions.countUpcoming(guildId, now);
  const current = clampPage(page, lastPage(total, EVENTS_PER_PAGE));
  const entries = discussions
    .listUpcoming(guildId, now, { limit: EVENTS_PER_PAGE, offset: current * EVENTS_PER_PAGE })
    .map((discussion) => ({
      discussion,
      counts: rsvps.counts(discussion.id),
      mine: rsvps.get(discussion.id, userId)?.status ?? null,
    }));
  return upcomingPageView(entries, current, total);
}

export async function listUpcoming(interaction: GuildChatInput, deps: FiresideDeps): Promise<void> {
  await interaction.reply({ ...upcomingPage(deps, interaction.guildId, interaction.user.id, 0), ...privately });
}

/** Previous / Next on /fireside list: the page is in the id, the list is read again (it may have changed). */
export async function pageUpcoming(interaction: GuildButton, deps: FiresideDeps, page: number): Promise<void> {
  await interaction.update({
    ...upcomingPage(deps, interaction.guildId, interaction.user.id, page),
    allowedMentions: NO_MENTIONS,
  });
}

/** Members see announced discussions; moderators (and its facilitator) also those not announced yet, with when. */
export async function showInfo(interaction: GuildChatInput, deps: FiresideDeps, event: string): Promise<void> {
  const discussion = resolveDiscussion(deps, interaction.guildId, event, (d) => seesDiscussion(interaction, deps, d));
  const mine = deps.firesides.rsvps.get(discussion.id, interaction.user.id)?.status ?? null;
  const notAnnounced = isAnnounced(discussion) ? undefined : notAnnouncedText(deps, discussion);
  const topicPage = discussion.topicSlug === null ? undefined : deps.library.get(discussion.topicSlug);
  // A link kept for members going also reaches whoever runs the discussion: its facilitator needs it, moderators set it.
  const runsIt = discussion.facilitatorId === interaction.user.id || isModerator(interaction, deps);
  const reader = runsIt ? 'going' : readerOf(mine);
  const counts = deps.firesides.rsvps.counts(discussion.id);
  await interaction.reply({
    embeds: [infoView(discussion, counts, mine, reader, notAnnounced, topicPage)],
    ...privately,
  });
}

export async function listMine(interaction: GuildChatInput, deps: FiresideDeps): Promise<void> {
  const { rsvps } = deps.firesides;
  const entries = rsvps.listForUser(interaction.guildId, interaction.user.id, deps.now().getTime()).map((entry) => ({
    discussion: entry.discussion,
    counts: rsvps.counts(entry.discussion.id),
    mine: entry.status,
  }));
  const embed = upcomingListView(
    entries,
    'Your upcoming Fireside Discussions',
    "You haven't said you're going to any upcoming discussion. See `/fireside list`.",
  );
  await interaction.reply({ embeds: [embed], ...privately });
}

function attendeesOf(deps: FiresideDeps, discussion: Discussion, page: number) {
  if (discussion.purgedAt !== null) {
    const counts = deps.firesides.rsvps.counts(discussion.id);
    return { embeds: [purgedListView(`Attendees: ${discussion.title}`, discussion, counts)], components: [] };
  }
  const list = (status: 'going' | 'maybe' | 'waitlist' | 'no') =>
    deps.firesides.rsvps.listByStatus(discussion.id, status);
  return attendeesView(
    discussion,
    { going: list('going'), maybe: list('maybe'), waitlist: list('waitlist'), no: list('no') },
    page,
  );
}

export async function listAttendees(interaction: GuildChatInput, deps: FiresideDeps, event: string): Promise<void> {
  const discussion = resolveDiscussion(deps, interaction.guildId, event, (d) => seesDiscussion(interaction, deps, d));
  requireModeratorOrFacilitator(interaction, deps, discussion);
  await interaction.reply({ ...attendeesOf(deps, discussion, 0), ...privately });
}

/** Paging buttons carry the page in their id, and the permission is checked again on every click. */
export async function pageAttendees(
  interaction: GuildButton,
  deps: FiresideDeps,
  id: number,
  page: number,
): Promise<void> {
  const discussion = discussionFromComponent(deps, interaction.guildId, id, (d) =>
    seesDiscussion(interaction, deps, d),
  );
  requireModeratorOrFacilitator(interaction, deps, discussion);
  await interaction.update({ ...attendeesOf(deps, discussion, page), allowedMentions: NO_MENTIONS });
}

export async function listQuestions(interaction: GuildChatInput, deps: FiresideDeps, event: string): Promise<void> {
  const discussion = resolveDiscussion(deps, interaction.guildId, event, (d) => seesDiscussion(interaction, deps, d));
  requireModeratorOrFacilitator(interaction, deps, discussion);
  if (discussion.purgedAt !== null) {
    const counts = deps.firesides.rsvps.counts(discussion.id);
    await interaction.reply({
      embeds: [purgedListView(`Questions: ${discussion.title}`, discussion, counts)],
      ...privately,
    });
    return;
  }
  const { embed, file } = questionsView(discussion, deps.firesides.questions.list(discussion.id));
  const files = file ? [{ attachment: Buffer.from(file, 'utf8'), name: `questions-${discussion.id}.txt` }] : [];
  await interaction.reply({ embeds: [embed], files, ...privately });
}
