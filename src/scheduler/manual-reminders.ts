import type { Client } from 'discord.js';
import type { Deps } from '../deps.js';
import { whoAnswered } from '../firesides/audience.js';
import { dmMember, endsAt } from '../firesides/index.js';
import type { Logger } from '../log.js';
import { type ReminderReport, remindMembers, reportText } from './deliver.js';
import type { ManualAudience, ManualReminder } from './manual-reminder-store.js';

export type ManualResult =
  | { state: 'sent'; reminded: number; report: ReminderReport; earlier: number; outcome: string }
  | { state: 'skipped'; outcome: string };

/** A moderator's reminder reaches everyone in its audience: /reminders off covers only the automatic ones. */
export const manualAudience = (deps: Pick<Deps, 'firesides'>, discussionId: number, audience: ManualAudience) =>
  whoAnswered(deps, discussionId, audience === 'going' ? ['going'] : ['going', 'maybe']);

/**
 * Sends a recorded /remind to its audience, taking each member just before reaching them, and finishes its row.
 * Run by the command, and again by the scheduler's lease holder when the process that ran it stopped midway; a
 * discussion cancelled or over by then is not reminded.
 */
export async function sendManualReminder(client: Client, deps: Deps, reminder: ManualReminder): Promise<ManualResult> {
  const { manual } = deps.scheduling;
  const now = () => deps.now().getTime();
  const discussion = deps.firesides.discussions.get(reminder.discussionId);
  if (discussion?.status !== 'scheduled' || endsAt(discussion) <= now()) {
    const outcome = 'skipped: the discussion is gone, cancelled or over';
    manual.finish(reminder.id, 'skipped', outcome, now());
    return { state: 'skipped', outcome };
  }
  const userIds = manualAudience(deps, discussion.id, reminder.audience);
  const earlier = manual.taken(reminder.id);
  try {
    const report = await remindMembers(client, deps, {
      discussion,
      userIds,
      delivery: reminder.delivery,
      ...(reminder.note ? { note: reminder.note } : {}),
      take: manual.taker(reminder.id, now),
    });
    const resumed = earlier > 0 ? `; ${earlier} sends taken by an earlier attempt, not repeated` : '';
    const outcome = `reminded ${userIds.length}: ${reportText(report)}${resumed}`;
    manual.finish(reminder.id, 'sent', outcome, now());
    return { state: 'sent', reminded: userIds.length, report, earlier, outcome };
  } catch (error) {
    manual.finish(reminder.id, 'failed', String((error as Error).message ?? error), now());
    throw error;
  }
}

/**
 * Goes on with the /remind batches a stopped process left unfinished (heartbeat older than `before`), and tells
 * each moderator who asked by DM, since their own confirmation was lost with the process.
 */
export async function resumeManualReminders(
  client: Client,
  deps: Deps,
  logger: Logger,
  before: number,
  stopping: () => boolean,
): Promise<number> {
  let resumed = 0;
  for (const reminder of deps.scheduling.manual.claimStale(before, deps.now().getTime())) {
    // Left running: its heartbeat lapses again and the next holder takes it.
    if (stopping()) break;
    const log = logger.child({ manualReminder: reminder.id, discussionId: reminder.discussionId });
    log.warn(
      "a moderator's reminder was left unfinished by a process that stopped; it goes on with the members not reached yet",
    );
    try {
      const result = await sendManualReminder(client, deps, reminder);
      log.info({ outcome: result.outcome }, "moderator's reminder resumed");
      resumed++;
      if (result.state === 'sent') await tellModerator(client, deps, log, reminder, result.outcome);
    } catch (error) {
      log.error({ err: error }, "moderator's reminder failed after resuming; not retried");
    }
  }
  return resumed;
}

async function tellModerator(client: Client, deps: Deps, log: Logger, reminder: ManualReminder, outcome: string) {
  const title = deps.firesides.discussions.get(reminder.discussionId)?.title ?? `discussion #${reminder.discussionId}`;
  const content =
    `Your /remind of **${title}** was cut short when the bot restarted, so you saw no confirmation. ` +
    `It has gone on with the members it had not reached (${outcome}). No need to send it again.`;
  try {
    await dmMember(client, deps, reminder.requestedBy, { content });
  } catch (error) {
    log.warn({ err: error, userId: reminder.requestedBy }, 'could not tell the moderator their reminder went on');
  }
}
