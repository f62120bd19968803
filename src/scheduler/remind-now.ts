import { Routes } from 'discord.js';
import { UserError } from '../core/errors.js';
import type { GuildChatInput } from '../discord/guild-interaction.js';
import {
  checkNoticePermissions,
  requireModerator,
  requireOpen,
  resolveDiscussion,
  withDeferredReply,
} from '../firesides/index.js';
import type { SchedulerDeps } from './deps.js';
import type { ManualAudience } from './manual-reminder-store.js';
import { manualAudience, sendManualReminder } from './manual-reminders.js';
import { channelNoticeBody } from './views/messages.js';
import {
  nobodyToRemindText,
  noLongerOpenText,
  postedText,
  remindedText,
  stillRunningText,
} from './views/remind-replies.js';

/** The longest note a moderator may add to /remind (its option's max_length). */
export const MESSAGE_MAX = 1_000;

/** The options of /remind as the command kit reads them, named as in its JSON. */
export interface RemindOptionValues {
  readonly event: string;
  readonly message: string | null;
  readonly audience: ManualAudience | 'channel' | null;
}

/** `/remind`: a post in the channel, or a batch to the discussion's members recorded first so it can resume. */
export async function remindNow(interaction: GuildChatInput, deps: SchedulerDeps, options: RemindOptionValues) {
  requireModerator(interaction, deps);
  const discussion = resolveDiscussion(deps, interaction.guildId, options.event);
  requireOpen(discussion, deps.now());
  const note = options.message?.trim() || undefined;
  if (note && note.length > MESSAGE_MAX)
    throw new UserError(`The message is ${note.length} characters long; keep it to ${MESSAGE_MAX}.`);
  const audience = options.audience ?? 'going';

  if (audience === 'channel') {
    await withDeferredReply(interaction, deps, async () => {
      // Named, rather than Discord's bare 50013 behind an apology.
      await checkNoticePermissions(interaction.client, interaction.guildId, discussion.channelId, 'Nothing was sent.');
      await interaction.client.rest.post(Routes.channelMessages(discussion.channelId), {
        body: channelNoticeBody(discussion, note),
      });
      return postedText(discussion.title, discussion.channelId);
    });
    return;
  }
  const userIds = manualAudience(deps, discussion.id, audience);
  if (userIds.length === 0) throw new UserError(nobodyToRemindText(discussion.title, audience));
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
      throw new UserError(stillRunningText(discussion.title, begun.running, begun.reached, interaction.user.id));
    }
    const result = await sendManualReminder(interaction.client, deps, begun.started);
    deps.logger.info({ discussionId: discussion.id, outcome: result.outcome }, `manual reminder ${result.state}`);
    if (result.state === 'skipped') return noLongerOpenText(discussion.title);
    return remindedText(discussion.title, result.reminded, result.report);
  });
}
