import type { Client } from 'discord.js';
import { postMentionBatches, sendToMembers, settleOwed } from './deliver.js';
import type { FiresideDeps } from './deps.js';
import { endsAt } from './discussion-store.js';
import type { Discussion } from './types.js';
import { promotedNotice } from './views/notices.js';

/** How long a notice owed is left to the process that moved the member up before the scheduler sends it instead. */
export const PROMOTION_GRACE_MS = 60_000;
/** A send that began this long ago and never ended was cut short by its process stopping: not sent again. */
const STALE_SEND_MS = 3_600_000;
/** Notices read per sweep. */
const SWEEP_LIMIT = 100;

/**
 * Members moved up from the waitlist hear it by DM, or by a mention in the discussion's channel. Each is taken from
 * the notices owed (promotion_notices) just before their DM, so a notice is sent once whoever sends it: this call,
 * right after the move, or the scheduler's sweep once its process stopped before sending. Returns how many it took.
 */
export async function tellPromoted(
  client: Client,
  deps: Pick<FiresideDeps, 'logger' | 'firesides' | 'now'>,
  discussion: Discussion,
  promoted: readonly string[],
): Promise<number> {
  if (promoted.length === 0) return 0;
  const progress = deps.firesides.promotions.progress(discussion.id, () => deps.now().getTime());
  try {
    const result = await sendToMembers(client, deps, {
      guildId: discussion.guildId,
      fallbackChannelId: discussion.channelId,
      userIds: [...promoted],
      payload: promotedNotice(discussion, 'going'),
      fallbackPayload: promotedNotice(discussion, 'others'),
      progress,
    });
    return result.dm.length + result.fallback.length + result.failed.length;
  } finally {
    progress.finish();
  }
}

/**
 * The scheduler's sweep: notices owed for longer than PROMOTION_GRACE_MS were left by a process that stopped between
 * moving members up and telling them, or found the disk failing when it tried. Sent now, while the discussion still
 * takes place; a mention owed instead of a closed DM is posted. Returns how many members were told (or tried).
 */
export async function tellOverduePromotions(
  client: Client,
  deps: Pick<FiresideDeps, 'logger' | 'firesides' | 'now'>,
  goOn: () => boolean,
): Promise<number> {
  const notices = deps.firesides.promotions;
  const now = deps.now().getTime();
  notices.dropStale(now - STALE_SEND_MS);
  let owed = 0;
  for (const { discussionId, dm, mention } of notices.overdue(now - PROMOTION_GRACE_MS, SWEEP_LIMIT)) {
    if (!goOn()) break;
    const discussion = deps.firesides.discussions.get(discussionId);
    if (discussion?.status !== 'scheduled' || endsAt(discussion) <= deps.now().getTime()) {
      notices.dropAll(discussionId);
      continue;
    }
    const log = deps.logger.child({ guildId: discussion.guildId, discussionId });
    const settleLeft = (ids: string[]) => notices.settleLeft(discussionId, ids, deps.now().getTime());
    const mentioned = await postMentionBatches(client, log, {
      channelId: discussion.channelId,
      userIds: mention,
      payload: promotedNotice(discussion, 'others'),
      failure: 'could not post the DM fallback',
      take: settleOwed(settleLeft, log),
    });
    const told = mentioned.posted.length + mentioned.failed.length + (await tellPromoted(client, deps, discussion, dm));
    if (told)
      log.warn({ members: told }, 'members moved up from the waitlist were left untold by a stopped process; told now');
    owed += told;
  }
  return owed;
}
