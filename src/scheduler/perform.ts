import { type Client, Routes } from 'discord.js';
import type { Deps } from '../deps.js';
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

/** Sends one claimed item; returns the outcome stored on its row. Throws when nothing could be sent. */
export async function perform(client: Client, deps: Deps, item: DueItem): Promise<string> {
  const discussion = deps.firesides.discussions.get(item.discussionId);
  if (discussion?.status !== 'scheduled') return 'skipped: the discussion is gone or cancelled';
  if (item.kind === 'announce') {
    const announced = await announceDiscussion(client, deps, discussion.id);
    return `announced as message ${announced.messageId}`;
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
