import { UserError } from '../core/errors.js';
import type { FiresideDeps } from './deps.js';
import type { Discussion } from './types.js';
import { seconds } from './views/announcement.js';

/*
 * A series occurrence exists as a discussion row before its announcement goes out (announced_at IS NULL until then).
 * Members do not see it in listings or autocomplete and cannot answer it; moderators can still find, edit and
 * cancel it, and are told when it will be announced.
 */

/** Announced once, whether or not the announcement is still there (a moderator may have deleted it). */
export const isAnnounced = (discussion: Pick<Discussion, 'announcedAt'>): boolean => discussion.announcedAt !== null;

/** The announcement's address in Discord, while it exists (undefined once deleted, or before it is posted). */
export function announcementUrl(
  discussion: Pick<Discussion, 'guildId' | 'channelId' | 'messageId'>,
): string | undefined {
  return discussion.messageId
    ? `https://discord.com/channels/${discussion.guildId}/${discussion.channelId}/${discussion.messageId}`
    : undefined;
}

/** When the pending announcement of an unannounced discussion goes out (it follows the start when that moves). */
export function plannedAnnouncement(
  deps: Pick<FiresideDeps, 'scheduling'>,
  discussion: Discussion,
): number | undefined {
  const item = deps.scheduling.work
    .forDiscussion(discussion.id)
    .find((work) => work.kind === 'announce' && (work.state === 'pending' || work.state === 'claimed'));
  return item && discussion.startsAt - item.offsetMinutes * 60_000;
}

/** For moderators: "Not announced yet, announced <t:…:R>." */
export function notAnnouncedText(deps: Pick<FiresideDeps, 'scheduling'>, discussion: Discussion): string {
  const at = plannedAnnouncement(deps, discussion);
  return at === undefined ? 'Not announced yet.' : `Not announced yet, announced <t:${seconds(at)}:R>.`;
}

/**
 * Nobody answers what has not been announced. Only those who may see it get this far (moderators, its facilitator:
 * see `seesDiscussion`), so the refusal may name it; anyone else was refused earlier as for a missing discussion.
 */
export function requireAnnounced(deps: Pick<FiresideDeps, 'scheduling'>, discussion: Discussion): void {
  if (isAnnounced(discussion)) return;
  const at = plannedAnnouncement(deps, discussion);
  const when = at === undefined ? '' : ` (it will be <t:${seconds(at)}:R>)`;
  throw new UserError(
    `**${discussion.title}** is not announced yet${when}; you can answer once it is. See \`/fireside list\` for discussions open now.`,
  );
}
