import type { Discussion, RsvpStatus } from './types.js';

/**
 * Who a message is written for. Everything public (the announcement, start post, Discord event, channel posts and
 * mentions) and every member who is not going reads it as `others`; only a member going reads it as `going`.
 */
export type LinkReader = 'going' | 'others';

/** What readers who may not see a going-only link read in its place; also the Discord event's location (≤ 100). */
export const LINK_WITHHELD_TEXT = 'Link sent to members going';

/** The reader a member's answer makes them: only Going sees a going-only link (waitlisted members are not in yet). */
export const readerOf = (status: RsvpStatus | null | undefined): LinkReader =>
  status === 'going' ? 'going' : 'others';

type LinkFields = Pick<Discussion, 'link' | 'linkFor'>;

/** The meeting link this reader may see: null when there is none, or it is kept for members going. */
export function shownLink(discussion: LinkFields, reader: LinkReader): string | null {
  if (discussion.link === null) return null;
  return discussion.linkFor === 'everyone' || reader === 'going' ? discussion.link : null;
}

/** There is a link, and this reader may not see it: say where it goes instead. */
export const linkWithheld = (discussion: LinkFields, reader: LinkReader): boolean =>
  discussion.link !== null && shownLink(discussion, reader) === null;

/** A going-only link, for the member who is going: what their answers and DMs add. */
export function privateLinkLine(discussion: LinkFields, reader: LinkReader): string | undefined {
  if (discussion.linkFor !== 'going' || reader !== 'going' || discussion.link === null) return undefined;
  return `Meeting link (for members going only; please don't share it): ${discussion.link}`;
}

/**
 * For the moderator who scheduled or edited it, in their own ephemeral answer: the link they gave, and what
 * everyone else reads in its place.
 */
export function moderatorLinkNote(discussion: LinkFields): string | undefined {
  if (discussion.linkFor !== 'going' || discussion.link === null) return undefined;
  return `Its link goes only to members going (in their answer, reminders, calendar file and \`/fireside info\`); the announcement, the Discord event and posts in the channel say "${LINK_WITHHELD_TEXT}": ${discussion.link}`;
}
