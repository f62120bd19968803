import { type Client, Routes } from 'discord.js';
import { UserError } from '../core/errors.js';
import {
  announceDiscussion,
  MissingPermissionsError,
  NotPostedError,
  startScheduledEvent,
  whoAnswered,
} from '../firesides/index.js';
import type { DueItem } from './decide.js';
import { remindMembers, reportText } from './deliver.js';
import type { SchedulerDeps } from './deps.js';
import { startPostBody } from './views/messages.js';

/** Who an automatic reminder goes to: Going (and Maybe when the server says so), minus members who turned them off. */
export function reminderRecipients(
  deps: SchedulerDeps,
  guildId: string,
  discussionId: number,
  withMaybe: boolean,
): string[] {
  const ids = whoAnswered(deps, discussionId, withMaybe ? ['going', 'maybe'] : ['going']);
  return deps.scheduling.prefs.keepOptedIn(guildId, ids);
}

/**
 * Discord refused before anything was posted (the bot may not post in the channel): the item can be tried again
 * without any risk of a duplicate, and is, while it is still useful.
 */
export class NotSentYet extends Error {
  override readonly name = 'NotSentYet';
}

/** Why an announcement was refused, for the log and the work row (the moderator's advice and markdown left out). */
function refusalText(error: UserError): string {
  if (error instanceof MissingPermissionsError) {
    return `I cannot post in <#${error.channelId}>: I am missing ${error.missing.join(', ')} there`;
  }
  return error.message;
}

/**
 * Why the announcement was not posted, when that is certain: a refusal with no message stored, or a failure of
 * announceDiscussion's checks before its post. Anything else (the POST or what follows) may have posted.
 */
function notPostedText(error: unknown, messageStored: boolean): string | undefined {
  if (error instanceof NotPostedError)
    return `Discord failed before the post (${(error.cause as Error)?.name ?? 'error'})`;
  if (error instanceof UserError && !messageStored) return refusalText(error);
  return undefined;
}

/** Sends one claimed item; returns the outcome stored on its row. Throws when nothing could be sent (NotSentYet when it may be tried again). */
export async function perform(client: Client, deps: SchedulerDeps, item: DueItem): Promise<string> {
  const discussion = deps.firesides.discussions.get(item.discussionId);
  if (discussion?.status !== 'scheduled') return 'skipped: the discussion is gone or cancelled';
  if (item.kind === 'announce') {
    try {
      const { discussion: announced, unheardPing } = await announceDiscussion(client, deps, discussion.id);
      if (!unheardPing) return `announced as message ${announced.messageId}`;
      // Nobody to tell in person: the log says it once, with the first post of each discussion.
      const why =
        unheardPing.reason === 'gone'
          ? 'the ping role no longer exists'
          : 'the ping role is not mentionable and the bot lacks Mention Everyone in the channel';
      deps.logger.warn(
        { discussionId: discussion.id, guildId: discussion.guildId, roleId: unheardPing.roleId },
        `announcement posted, but it notified nobody: ${why}; see /setup`,
      );
      return `announced as message ${announced.messageId}; ${why}, nobody was notified`;
    } catch (error) {
      const why = notPostedText(error, Boolean(deps.firesides.discussions.get(discussion.id)?.messageId));
      if (why) throw new NotSentYet(`announcement not posted: ${why}`);
      throw error;
    }
  }
  if (item.kind === 'start') {
    // The Discord event first: a start post Discord refuses must not leave a voice or stage event unstarted.
    const event = await startScheduledEvent(client, deps, discussion);
    await client.rest.post(Routes.channelMessages(discussion.channelId), { body: startPostBody(discussion) });
    return `start post sent; ${event}`;
  }
  const settings = deps.firesides.settings.get(discussion.guildId);
  const userIds = reminderRecipients(deps, discussion.guildId, discussion.id, settings.remindMaybe);
  const { recipients } = deps.scheduling;
  const progress = recipients.progress(item);
  // Members owed a mention were not reached before: they are reached now.
  const earlier = Math.max(0, recipients.taken(item) - progress.owed().length);
  const report = await remindMembers(client, deps, {
    discussion,
    userIds,
    delivery: settings.reminderDelivery,
    progress,
  });
  const resumed = earlier > 0 ? `; ${earlier} sends taken by an earlier attempt, not repeated` : '';
  return `reminded ${userIds.length}: ${reportText(report)}${resumed}`;
}
