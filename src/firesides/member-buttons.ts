import { MessageFlags } from 'discord.js';
import { WorkDoneError } from '../core/errors.js';
import type { GuildButton, GuildModalSubmit } from '../discord/guild-interaction.js';
import { ephemeral, NO_MENTIONS } from '../discord/replies.js';
import { discussionIcs, googleCalendarLink } from './calendar.js';
import type { FiresideDeps } from './deps.js';
import { readerOf } from './link-for.js';
import { requireOpen } from './open.js';
import { questionForm, readQuestionForm } from './question-form.js';
import { discussionFromComponent } from './rsvp-flow.js';
import { calendarText, questionThanksText } from './views/member-replies.js';

/** The announcement's Ask a question button: the form, for a discussion that will still take place. */
export async function askQuestion(interaction: GuildButton, deps: FiresideDeps, id: number): Promise<void> {
  const discussion = discussionFromComponent(deps, interaction.guildId, id);
  requireOpen(discussion, deps.now());
  await interaction.showModal(questionForm(discussion.id));
}

/** The form sent: the question is stored for moderators and the facilitator, named or anonymous as asked. */
export async function submitQuestion(interaction: GuildModalSubmit, deps: FiresideDeps, id: number): Promise<void> {
  const discussion = discussionFromComponent(deps, interaction.guildId, id);
  requireOpen(discussion, deps.now());
  const { text, anonymous } = readQuestionForm(interaction.fields);
  deps.firesides.questions.add({
    discussionId: discussion.id,
    // The store keeps no author for an anonymous question, whatever it is given.
    userId: interaction.user.id,
    anonymous,
    text,
    askedAt: deps.now().getTime(),
  });
  // The question is stored: a failed reply must not read as an apology, which invites asking again (a duplicate,
  // and an anonymous one nobody can trace back to remove).
  const thanks = questionThanksText(discussion, anonymous);
  await interaction.reply(ephemeral(thanks)).catch((error: unknown) => {
    throw new WorkDoneError(thanks, { cause: error });
  });
}

/** The announcement's Add to calendar button: an .ics file and a Google Calendar link, to the member alone. */
export async function sendCalendarFile(interaction: GuildButton, deps: FiresideDeps, id: number): Promise<void> {
  const discussion = discussionFromComponent(deps, interaction.guildId, id);
  requireOpen(discussion, deps.now());
  const channelName = discussion.locationChannelId
    ? interaction.guild?.channels.cache.get(discussion.locationChannelId)?.name
    : undefined;
  // Only a member going gets a link kept for members going in their calendar.
  const reader = readerOf(deps.firesides.rsvps.get(discussion.id, interaction.user.id)?.status);
  const file = Buffer.from(discussionIcs(discussion, { channelName, reader, now: deps.now().getTime() }), 'utf8');
  await interaction.reply({
    content: calendarText(discussion, googleCalendarLink(discussion, reader)),
    files: [{ attachment: file, name: `fireside-${discussion.id}.ics`, description: 'Calendar event' }],
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
}
