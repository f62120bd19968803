import {
  ApplicationCommandOptionType,
  type ButtonInteraction,
  type Client,
  InteractionContextType,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { UserError } from '../src/core/errors.js';
import type { GuildButton } from '../src/discord/guild-interaction.js';
import { apiJson, ephemeral, NO_MENTIONS } from '../src/discord/replies.js';
import {
  alongsideReply,
  announcementEmbed,
  type Discussion,
  discussionFromComponent,
  discussionIcs,
  eventChoices,
  googleCalendarLink,
  questionForm,
  type RsvpChange,
  type RsvpChoice,
  readQuestionForm,
  recordRsvp,
  refreshAnnouncement,
  requireOpen,
  resolveDiscussion,
  seesDiscussion,
  tellPromoted,
} from '../src/firesides/index.js';
import { defineCommand } from './command-kit.js';
import type { Deps } from './deps.js';
import { eventOption } from './fireside-options.js';

export const data = {
  name: 'rsvp',
  description: 'Answer a Fireside Discussion: going, maybe or not going',
  contexts: [InteractionContextType.Guild],
  options: [
    eventOption,
    {
      type: ApplicationCommandOptionType.String,
      name: 'status',
      description: 'Your answer',
      required: true,
      choices: [
        { name: 'Going', value: 'going' },
        { name: 'Maybe', value: 'maybe' },
        { name: "Can't go", value: 'no' },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** One edit of the announcement once the answers settle. */
function refreshSoon(client: Client, deps: Deps, discussionId: number): void {
  deps.settler.request(discussionId, async () => {
    const current = deps.firesides.discussions.get(discussionId);
    if (current) await refreshAnnouncement(client, deps, current);
  });
}

/** After an answer that changed something: the announcement follows, and members moved up are told. */
async function followChange(client: Client, deps: Deps, discussion: Discussion, change: RsvpChange): Promise<void> {
  if (!change.changed) return;
  refreshSoon(client, deps, discussion.id);
  await tellPromoted(client, deps, discussion, change.promoted);
}

/**
 * A DM carries no server, so the discussion is found by its id alone; only a member who answered it may step back,
 * which is the same check the server's own button makes implicitly (an unknown member has nothing to change).
 */
async function answerFromDm(interaction: ButtonInteraction, deps: Deps, id: number): Promise<void> {
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
async function answerClick(interaction: GuildButton, deps: Deps, id: number, choice: RsvpChoice): Promise<void> {
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
  let updated = false;
  const reply = async () => {
    try {
      // Only the embed changes on a click: content and buttons stay as they are, which keeps each answer small.
      await interaction.update({
        embeds: [apiJson(announcementEmbed(discussion, deps.firesides.rsvps.counts(discussion.id)))],
        allowedMentions: NO_MENTIONS,
      });
      updated = true;
      await interaction.followUp(ephemeral(standing));
    } finally {
      // The update failed, so the announcement needs an edit of its own; or another answer came in while ours
      // travelled, and ours may have landed last with older counts.
      if (!updated || deps.firesides.rsvps.version(discussion.id) !== shownVersion)
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

export const command = defineCommand(data, {
  run: async (interaction, options, deps) => {
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
  },
  autocomplete: async (interaction, focused, deps) => {
    await interaction.respond(eventChoices(deps, interaction.guildId, focused.value));
  },
  components: {
    rsvp: (interaction, [id, choice], deps) => answerClick(interaction, deps, id, choice),
    /** "Can't make it" on a reminder: in the channel, or in the member's DMs. */
    cant: (interaction, [id], deps) =>
      interaction.inGuild() ? answerClick(interaction, deps, id, 'no') : answerFromDm(interaction, deps, id),

    ask: async (interaction, [id], deps) => {
      const discussion = discussionFromComponent(deps, interaction.guildId, id);
      requireOpen(discussion, deps.now());
      await interaction.showModal(questionForm(discussion.id));
    },

    question: async (interaction, [id], deps) => {
      const discussion = discussionFromComponent(deps, interaction.guildId, id);
      requireOpen(discussion, deps.now());
      const { text, anonymous } = readQuestionForm(interaction.fields);
      deps.firesides.questions.add({
        discussionId: discussion.id,
        userId: interaction.user.id,
        anonymous,
        text,
        askedAt: deps.now().getTime(),
      });
      await interaction.reply(
        ephemeral(
          `Thank you, your question for **${discussion.title}** was passed on ${anonymous ? 'anonymously' : 'with your name'}.`,
        ),
      );
    },

    ics: async (interaction, [id], deps) => {
      const discussion = discussionFromComponent(deps, interaction.guildId, id);
      requireOpen(discussion, deps.now());
      const channelName = discussion.locationChannelId
        ? interaction.guild?.channels.cache.get(discussion.locationChannelId)?.name
        : undefined;
      const file = Buffer.from(discussionIcs(discussion, { channelName, now: deps.now().getTime() }), 'utf8');
      await interaction.reply({
        content: `Open the attached file to add **${discussion.title}** to your calendar, or [add it to Google Calendar](<${googleCalendarLink(discussion)}>).`,
        files: [{ attachment: file, name: `fireside-${discussion.id}.ics`, description: 'Calendar event' }],
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_MENTIONS,
      });
    },
  },
});
