import {
  ApplicationCommandOptionType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  Routes,
} from 'discord.js';
import { UserError } from '../src/core/errors.js';
import type { OptionsOf } from '../src/discord/command-options.js';
import { count } from '../src/discord/count.js';
import type { GuildChatInput } from '../src/discord/guild-interaction.js';
import {
  eventChoices,
  requireModerator,
  requireOpen,
  resolveDiscussion,
  withDeferredReply,
} from '../src/firesides/index.js';
import {
  channelNoticeBody,
  type ManualReminder,
  manualAudience,
  reportText,
  sendManualReminder,
} from '../src/scheduler/index.js';
import { defineCommand } from './command-kit.js';
import type { Deps } from './deps.js';
import { eventOption } from './fireside-options.js';

export const MESSAGE_MAX = 1_000;

export const data = {
  name: 'remind',
  description: 'Send a reminder of a Fireside Discussion now (moderators)',
  contexts: [InteractionContextType.Guild],
  // Hidden from members by default; a server whose moderator role lacks Manage Events grants it in
  // Server Settings → Integrations. Checked again at run time either way.
  default_member_permissions: PermissionFlagsBits.ManageEvents.toString(),
  options: [
    eventOption,
    {
      type: ApplicationCommandOptionType.String,
      name: 'message',
      description: 'A note added to the reminder',
      max_length: MESSAGE_MAX,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'audience',
      description: 'Who hears it (default: going)',
      choices: [
        { name: 'Going', value: 'going' },
        { name: 'Going and maybe', value: 'going-and-maybe' },
        { name: 'A post in the channel, no pings', value: 'channel' },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

async function remind(interaction: GuildChatInput, options: OptionsOf<typeof data.options>, deps: Deps) {
  requireModerator(interaction, deps);
  const discussion = resolveDiscussion(deps, interaction.guildId, options.event);
  requireOpen(discussion, deps.now());
  const note = options.message?.trim() || undefined;
  if (note && note.length > MESSAGE_MAX)
    throw new UserError(`The message is ${note.length} characters long; keep it to ${MESSAGE_MAX}.`);
  const audience = options.audience ?? 'going';

  if (audience === 'channel') {
    await withDeferredReply(interaction, deps, async () => {
      await interaction.client.rest.post(Routes.channelMessages(discussion.channelId), {
        body: channelNoticeBody(discussion, note),
      });
      return `Posted a reminder of **${discussion.title}** in <#${discussion.channelId}>.`;
    });
    return;
  }
  const userIds = manualAudience(deps, discussion.id, audience);
  if (userIds.length === 0) {
    throw new UserError(
      `Nobody has answered ${audience === 'going' ? 'Going' : 'Going or Maybe'} to **${discussion.title}** yet; nothing was sent.`,
    );
  }
  await withDeferredReply(interaction, deps, async () => {
    // Recorded once the deferral went through, so a reminder whose command Discord never saw answered is not sent.
    const begun = deps.scheduling.manual.begin(
      {
        discussionId: discussion.id,
        requestedBy: interaction.user.id,
        audience,
        delivery: deps.firesides.settings.get(discussion.guildId).reminderDelivery,
        note: note ?? null,
      },
      deps.now().getTime(),
    );
    // One batch at a time per discussion: a second /remind (a retry after no confirmation, or another moderator's)
    // while the first is still going would reach its members twice.
    if ('running' in begun) {
      throw new UserError(stillRunning(discussion.title, begun.running, begun.reached, interaction.user.id));
    }
    const result = await sendManualReminder(interaction.client, deps, begun.started);
    deps.logger.info(
      { discussionId: discussion.id, by: interaction.user.id, outcome: result.outcome },
      `manual reminder ${result.state}`,
    );
    if (result.state === 'skipped') return `**${discussion.title}** is no longer open; nothing was sent.`;
    return `Reminded ${count(result.reminded, 'member')} of **${discussion.title}**: ${reportText(result.report)}.`;
  });
}

function stillRunning(title: string, running: ManualReminder, reached: number, asking: string): string {
  const by = running.requestedBy === asking ? 'you' : `<@${running.requestedBy}>`;
  return (
    `A reminder of **${title}** that ${by} asked for is still being sent (${count(reached, 'member')} reached so far); ` +
    'if the bot restarted meanwhile, it goes on by itself within a minute. It reaches everyone it was meant for: ' +
    'run `/remind` again once it is done if you want another.'
  );
}

export const command = defineCommand(data, {
  run: remind,
  autocomplete: async (interaction, focused, deps) => {
    await interaction.respond(eventChoices(deps, interaction.guildId, focused.value));
  },
});
