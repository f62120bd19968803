import type { Client } from 'discord.js';
import {
  type Discussion,
  type MemberPayload,
  postMentionBatches,
  type ReminderDelivery,
  sendToMembers,
  settleOwed,
  whoAnswered,
} from '../firesides/index.js';
import type { SchedulerDeps } from './deps.js';
import type { BatchProgress } from './recipient-store.js';
import { reminderPayload } from './views/messages.js';

/** Members per sendToMembers call: the unit of progress logging. */
const CHUNK = 50;
/** Chunks in flight at once, so the REST queue (not our round trips) sets the pace; its buckets wait out 429s. */
const PARALLEL = 3;

export interface ReminderReport {
  dm: number;
  fallback: number;
  channel: number;
  failed: number;
  /** The discussion was cancelled (or deleted) while the batch ran: the members not reached by then never will be. */
  stopped: boolean;
}

export const reportText = (r: ReminderReport) =>
  `${r.dm} by DM, ${r.fallback} by channel fallback, ${r.channel} mentioned in the channel, ${r.failed} failed${
    r.stopped ? '; stopped when the discussion was cancelled, the rest not reminded' : ''
  }`;

/**
 * The batch's progress, refusing every member once the discussion is no longer scheduled: a /fireside cancel
 * committed while a long paced batch runs stops it at the next send, so nobody reads "starts in 1 hour" after
 * "cancelled". The status is read just before each take's commit, the take just before each send.
 */
function stopWhenCancelled(
  deps: Pick<SchedulerDeps, 'firesides'>,
  discussionId: number,
  progress: BatchProgress,
  report: ReminderReport,
): BatchProgress {
  const live = () => {
    if (deps.firesides.discussions.get(discussionId)?.status === 'scheduled') return true;
    report.stopped = true;
    return false;
  };
  return {
    ...progress,
    take: (via, userIds) => (live() ? progress.take(via, userIds) : []),
    settle: (userIds) => (live() ? progress.settle(userIds) : []),
  };
}

/**
 * Reminds members of a discussion by the server's delivery. `dm`: a DM each (closed DMs fall back to a mention in
 * the announcement channel); `channel`: posts that mention exactly these members; `both`: both.
 * Every send is awaited, so a batch of a thousand never holds up interaction handling.
 */
export async function remindMembers(
  client: Client,
  deps: Pick<SchedulerDeps, 'logger' | 'firesides' | 'now'>,
  input: {
    discussion: Discussion;
    userIds: readonly string[];
    delivery: ReminderDelivery;
    note?: string;
    /**
     * For a batch that can go on after a crash: records each member before reaching them and leaves out those an
     * earlier attempt reached; mentions first whom an earlier attempt owed a mention (their DMs were closed).
     */
    progress?: BatchProgress;
  },
): Promise<ReminderReport> {
  const { discussion, delivery } = input;
  const userIds = [...new Set(input.userIds)];
  // Posts in the channel (delivery, or a mention for closed DMs) are public; only a DM to a member going is theirs.
  const payload = reminderPayload(discussion, 'others', input.note);
  const goingPayload = reminderPayload(discussion, 'going', input.note);
  const going = new Set(discussion.linkFor === 'going' ? whoAnswered(deps, discussion.id, ['going']) : []);
  const report: ReminderReport = { dm: 0, fallback: 0, channel: 0, failed: 0, stopped: false };
  const progress = input.progress && stopWhenCancelled(deps, discussion.id, input.progress, report);
  const log = deps.logger.child({ discussionId: discussion.id, guildId: discussion.guildId });

  const mentioned = new Set<string>();
  const mentionFailed = new Set<string>();
  if (progress) {
    // Members left out of the audience since (they stepped back, or turned reminders off) are owed nothing now.
    const audience = new Set(userIds);
    const owed = progress.owed();
    try {
      progress.settle(owed.filter((id) => !audience.has(id)));
    } catch (error) {
      log.warn({ err: error }, 'could not clear mentions owed to members no longer in the audience');
    }
    const earlier = await postMentionBatches(client, log, {
      channelId: discussion.channelId,
      userIds: owed.filter((id) => audience.has(id)),
      payload,
      failure: 'could not post the DM fallback',
      take: settleOwed(progress.settle, log),
    });
    report.fallback += earlier.posted.length;
    report.failed += earlier.failed.length;
    for (const id of earlier.posted) mentioned.add(id);
  }

  if (delivery === 'dm' || delivery === 'both') {
    // Members going and the others in chunks of their own: each chunk's DMs carry what its members may read.
    const chunks: { userIds: string[]; payload: MemberPayload }[] = [];
    for (const [ids, dmPayload] of [
      [userIds.filter((id) => going.has(id)), goingPayload],
      [userIds.filter((id) => !going.has(id)), payload],
    ] as const) {
      for (let i = 0; i < ids.length; i += CHUNK) chunks.push({ userIds: ids.slice(i, i + CHUNK), payload: dmPayload });
    }
    let done = 0;
    let next = 0;
    const worker = async () => {
      while (next < chunks.length && !report.stopped) {
        const chunk = chunks[next++] as (typeof chunks)[number];
        const result = await sendToMembers(client, deps, {
          guildId: discussion.guildId,
          fallbackChannelId: discussion.channelId,
          userIds: chunk.userIds,
          payload: chunk.payload,
          fallbackPayload: payload,
          ...(progress ? { progress: { ...progress, take: (ids: string[]) => progress.take('dm', ids) } } : {}),
        });
        report.dm += result.dm.length;
        report.fallback += result.fallback.length;
        for (const id of result.fallback) mentioned.add(id);
        for (const id of result.fallbackFailed) mentionFailed.add(id);
        report.failed += result.failed.length;
        done += chunk.userIds.length;
        if (userIds.length > CHUNK) log.info({ done, total: userIds.length }, 'reminder DMs in progress');
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, chunks.length) }, worker));
  }

  if ((delivery === 'channel' || delivery === 'both') && !report.stopped) {
    // With `both`, a member already mentioned in the channel instead of a DM is not mentioned there again.
    const channel = await postMentionBatches(client, log, {
      channelId: discussion.channelId,
      userIds: userIds.filter((id) => !mentioned.has(id)),
      payload,
      failure: 'could not post a channel reminder',
      // Whose mention instead of a DM failed was taken for the channel with it: this post is their second chance,
      // while they are still in the audience.
      ...(progress
        ? {
            take: (ids: string[]) => {
              const taken = new Set(progress.take('channel', ids));
              const still = new Set(progress.keep(ids.filter((id) => mentionFailed.has(id))));
              return ids.filter((id) => taken.has(id) || still.has(id));
            },
          }
        : {}),
    });
    report.channel += channel.posted.length;
    report.failed += channel.failed.length;
  }
  return report;
}
