import { type Client, Routes } from 'discord.js';
import type { Deps } from '../deps.js';
import { UserError } from '../errors.js';
import { announceDiscussion } from '../firesides/index.js';
import type { DueItem } from './decide.js';
import { remindMembers, reportText } from './deliver.js';
import { startPostBody } from './messages.js';

/** Who an automatic reminder goes to: Going (and Maybe when the server says so), minus members who turned them off. */
export function reminderRecipients(deps: Deps, guildId: string, discussionId: number, withMaybe: boolean): string[] {
  const { rsvps } = deps.firesides;
  const ids = rsvps.listByStatus(discussionId, 'going').map((rsvp) => rsvp.userId);
  if (withMaybe) ids.push(...rsvps.listByStatus(discussionId, 'maybe').map((rsvp) => rsvp.userId));
  return deps.scheduling.prefs.keepOptedIn(guildId, ids);
}

/**
 * Discord refused before anything was posted (the bot may not post in the channel): the item can be tried again
 * without any risk of a duplicate, and is, while it is still useful.
 */
export class NotSentYet extends Error {
  override readonly name = 'NotSentYet';
}

/** "I cannot post in <#1>: I am missing **Send Messages** there. Ask an admin…" → its first sentence, plain. */
const firstSentence = (text: string) => (text.split(/\.\s/)[0] ?? text).replaceAll('**', '');

/** Sends one claimed item; returns the outcome stored on its row. Throws when nothing could be sent (NotSentYet when it may be tried again). */
export async function perform(client: Client, deps: Deps, item: DueItem): Promise<string> {
  const discussion = deps.firesides.discussions.get(item.discussionId);
  if (discussion?.status !== 'scheduled') return 'skipped: the discussion is gone or cancelled';
  if (item.kind === 'announce') {
    try {
      const announced = await announceDiscussion(client, deps, discussion.id);
      return `announced as message ${announced.messageId}`;
    } catch (error) {
      // A UserError here is a refusal (missing permission, channel gone); with no message stored, nothing went out.
      if (error instanceof UserError && !deps.firesides.discussions.get(discussion.id)?.messageId) {
        throw new NotSentYet(`announcement not posted: ${firstSentence(error.message)}`);
      }
      throw error;
    }
  }
  if (item.kind === 'start') {
    await client.rest.post(Routes.channelMessages(discussion.channelId), { body: startPostBody(discussion) });
    return 'start post sent';
  }
  const settings = deps.firesides.settings.get(discussion.guildId);
  const userIds = reminderRecipients(deps, discussion.guildId, discussion.id, settings.remindMaybe);
  const report = await remindMembers(client, deps, { discussion, userIds, delivery: settings.reminderDelivery });
  return `reminded ${userIds.length}: ${reportText(report)}`;
}
