import type { ButtonInteraction, Client } from 'discord.js';
import { UserError } from '../core/errors.js';
import type { GuildButton, GuildChatInput } from '../discord/guild-interaction.js';
import { apiJson, ephemeral, NO_MENTIONS } from '../discord/replies.js';
import { resolveDiscussion, seesDiscussion } from './access.js';
import { refreshAnnouncement } from './announce.js';
import type { FiresideDeps } from './deps.js';
import { alongsideReply, discussionFromComponent, recordRsvp } from './rsvp-flow.js';
import type { AnnouncementSettler } from './settle-announcement.js';
import { tellPromoted } from './tell-promoted.js';
import type { Discussion, RsvpChange, RsvpChoice } from './types.js';
import { announcementEmbed } from './views/announcement.js';

/** What answering uses: fireside deps and the settler that coalesces announcement edits. */
export interface AnswerDeps extends FiresideDeps {
  readonly settler: AnnouncementSettler;
}

/** One edit of the announcement once the answers settle. */
function refreshSoon(client: Client, deps: AnswerDeps, discussionId: number): void {
  deps.settler.request(discussionId, async () => {
    const current = deps.firesides.discussions.get(discussionId);
    if (current) await refreshAnnouncement(client, deps, current);
  });
}

/**
 * After an answer that changed something: the announcement follows, and members moved up are told. Also what
 * follows an answer erased by /privacy forget, so a place freed there is given exactly as by "Can't go".
 */
export async function followChange(
  client: Client,
  deps: AnswerDeps,
  discussion: Discussion,
  change: Pick<RsvpChange, 'changed' | 'promoted'>,
): Promise<void> {
  if (!change.changed) return;
  refreshSoon(client, deps, discussion.id);
  await tellPromoted(client, deps, discussion, change.promoted);
}

/** `/rsvp`: the member's answer to a discussion they can see. */
export async function answerRsvp(
  interaction: GuildChatInput,
  deps: AnswerDeps,
  options: { readonly event: string; readonly status: RsvpChoice },
): Promise<void> {
  const discussion = resolveDiscussion(deps, interaction.guildId, options.event, (d) =>
    seesDiscussion(interaction, deps, d),
  );
  const { change, standing } = await recordRsvp(deps, discussion, interaction.user.id, options.status);
  await alongsideReply(
    interaction.reply(ephemeral(standing)),
    followChange(interaction.client, deps, discussion, change),
    standing,
    deps.logger.child({ discussionId: discussion.id }),
  );
}

/**
 * A DM carries no server, so the discussion is found by its id alone; only a member who answered it may step back,
 * which is the same check the server's own button makes implicitly (an unknown member has nothing to change).
 */
async function answerFromDm(interaction: ButtonInteraction, deps: AnswerDeps, id: number): Promise<void> {
  const discussion = deps.firesides.discussions.get(id);
  if (!discussion || !deps.firesides.rsvps.get(id, interaction.user.id)) {
    throw new UserError('This reminder is out of date. See `/fireside mine` in the server for your discussions.');
  }
  const { change, standing } = await recordRsvp(deps, discussion, interaction.user.id, 'no');
  await alongsideReply(
    interaction.reply(ephemeral(standing)),
    followChange(interaction.client, deps, discussion, change),
    standing,
    deps.logger.child({ discussionId: discussion.id }),
  );
}

/**
 * A click on the announcement is answered by editing it in place (callback type 7) with the new counts, then the
 * member hears where they stand; a click anywhere else is answered ephemerally.
 */
export async function answerClick(
  interaction: GuildButton,
  deps: AnswerDeps,
  id: number,
  choice: RsvpChoice,
): Promise<void> {
  const discussion = discussionFromComponent(deps, interaction.guildId, id);
  const { change, standing } = await recordRsvp(deps, discussion, interaction.user.id, choice);
  if (!change.changed || interaction.message.id !== discussion.messageId) {
    await alongsideReply(
      interaction.reply(ephemeral(standing)),
      followChange(interaction.client, deps, discussion, change),
      standing,
      deps.logger.child({ discussionId: discussion.id }),
    );
    return;
  }
  const shownVersion = deps.firesides.rsvps.version(discussion.id);
  // The discussion as committed now, not as the click read it: an edit or a cancellation committed since must not
  // be painted over with the details from before.
  const shown = deps.firesides.discussions.get(discussion.id) ?? discussion;
  let updated = false;
  const reply = async () => {
    try {
      // Only the embed changes on a click: content and buttons stay as they are, which keeps each answer small.
      await interaction.update({
        embeds: [apiJson(announcementEmbed(shown, deps.firesides.rsvps.counts(discussion.id)))],
        allowedMentions: NO_MENTIONS,
      });
      updated = true;
      await interaction.followUp(ephemeral(standing));
    } finally {
      // The update failed, so the announcement needs an edit of its own; or another answer (or an edit, or a
      // cancellation) came in while ours travelled, and ours may have landed last with what was true before.
      const since = deps.firesides.discussions.get(discussion.id);
      if (
        !updated ||
        deps.firesides.rsvps.version(discussion.id) !== shownVersion ||
        since?.status !== shown.status ||
        since?.updatedAt !== shown.updatedAt
      )
        refreshSoon(interaction.client, deps, discussion.id);
    }
  };
  await alongsideReply(
    reply(),
    tellPromoted(interaction.client, deps, discussion, change.promoted),
    standing,
    deps.logger.child({ discussionId: discussion.id }),
  );
}

/** "Can't make it" on a reminder: in the channel, or in the member's DMs. */
export async function answerCant(interaction: ButtonInteraction, deps: AnswerDeps, id: number): Promise<void> {
  if (interaction.inGuild()) await answerClick(interaction, deps, id, 'no');
  else await answerFromDm(interaction, deps, id);
}
