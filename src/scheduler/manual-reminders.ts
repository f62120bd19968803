import type { Client } from 'discord.js';
import type { Logger } from '../core/log.js';
import { count } from '../discord/count.js';
import { dmMember, endsAt, whoAnswered } from '../firesides/index.js';
import { type ReminderReport, remindMembers, reportText } from './deliver.js';
import type { SchedulerDeps } from './deps.js';
import { HEARTBEAT_MS, type ManualAudience, type ManualReminder } from './manual-reminder-store.js';

export type ManualResult =
  /** `earlier`: members an earlier attempt had reached (or was reaching) before this one. */
  | { state: 'sent'; reminded: number; report: ReminderReport; earlier: number; outcome: string }
  | { state: 'skipped'; earlier: number; outcome: string };

/** A moderator's reminder reaches everyone in its audience: /reminders off covers only the automatic ones. */
export const manualAudience = (
  deps: Pick<SchedulerDeps, 'firesides'>,
  discussionId: number,
  audience: ManualAudience,
) => whoAnswered(deps, discussionId, audience === 'going' ? ['going'] : ['going', 'maybe']);

/**
 * Sends a recorded /remind to its audience, taking each member just before reaching them, and finishes its row;
 * the heartbeat is renewed meanwhile, however long a send waits. Run by the command, and by the scheduler's lease
 * holder when the process that ran it stopped midway; a discussion cancelled or over by then is not reminded.
 */
export async function sendManualReminder(
  client: Client,
  deps: SchedulerDeps,
  reminder: ManualReminder,
): Promise<ManualResult> {
  const { manual } = deps.scheduling;
  const now = () => deps.now().getTime();
  const heartbeat = setInterval(() => {
    try {
      manual.beat(reminder.id, now());
    } catch (error) {
      deps.logger.warn({ err: error, manualReminder: reminder.id }, "could not renew a moderator's reminder heartbeat");
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const progress = manual.progress(reminder, now);
    // Members owed a mention were not reached before: they are reached now.
    const earlier = Math.max(0, manual.membersReached(reminder.id) - progress.owed().length);
    const discussion = deps.firesides.discussions.get(reminder.discussionId);
    if (discussion?.status !== 'scheduled' || endsAt(discussion) <= now()) {
      const outcome = 'skipped: the discussion is gone, cancelled or over';
      manual.finish(reminder.id, 'skipped', outcome, now());
      return { state: 'skipped', earlier, outcome };
    }
    const userIds = manualAudience(deps, discussion.id, reminder.audience);
    const report = await remindMembers(client, deps, {
      discussion,
      userIds,
      delivery: reminder.delivery,
      ...(reminder.note ? { note: reminder.note } : {}),
      progress,
    });
    const resumed = earlier > 0 ? `; ${count(earlier, 'member')} reached by an earlier attempt, not again` : '';
    const outcome = `reminded ${userIds.length}: ${reportText(report)}${resumed}`;
    try {
      manual.finish(reminder.id, 'sent', outcome, now());
    } catch (error) {
      // Everyone was reached; only the record failed, and 'failed' over it would invite a second /remind. The row
      // stays running: the lease holder finishes it once stale, reaching nobody again, and tells the moderator.
      deps.logger.error(
        { err: error, manualReminder: reminder.id },
        "could not record that a moderator's reminder was sent; the scheduler finishes it",
      );
    }
    return { state: 'sent', reminded: userIds.length, report, earlier, outcome };
  } catch (error) {
    // Ended here; should even that fail, the lease holder finishes it once its heartbeat is stale.
    const outcome = String((error as Error).message ?? error);
    bestEffort(deps.logger, () => manual.finish(reminder.id, 'failed', outcome, now()));
    throw error;
  } finally {
    clearInterval(heartbeat);
    // Left running only when its end could not be recorded: then the lease holder finishes it once it is stale.
    manual.letGo(reminder.id);
  }
}

/**
 * Goes on with the /remind batches stopped processes left unfinished (heartbeat older than the lease), one at a
 * time while this process holds the lease, and tells each moderator who asked by DM how it ended, since their own
 * confirmation was lost with the process.
 */
export async function resumeManualReminders(
  client: Client,
  deps: SchedulerDeps,
  logger: Logger,
  leaseTtlMs: number,
  goOn: () => boolean,
): Promise<number> {
  const { manual } = deps.scheduling;
  let resumed = 0;
  while (goOn()) {
    const at = deps.now().getTime();
    const reminder = manual.claimStale(at - leaseTtlMs, at);
    if (!reminder) break;
    resumed++;
    const log = logger.child({ manualReminder: reminder.id, discussionId: reminder.discussionId });
    log.warn(
      "a moderator's reminder was left unfinished by a process that stopped; it goes on with the members not reached yet",
    );
    let told: string;
    try {
      const result = await sendManualReminder(client, deps, reminder);
      log.info({ outcome: result.outcome }, "moderator's reminder resumed");
      told =
        result.state === 'sent'
          ? `Reached before that: ${count(result.earlier, 'member')}; it has now gone on with the rest: ${reportText(result.report)}. No need to send it again.`
          : `It had reached ${count(result.earlier, 'member')}; the rest were not reminded, because the discussion has been cancelled or is over.`;
    } catch (error) {
      log.error({ err: error }, "moderator's reminder failed after resuming; not retried");
      const earlier = bestEffort(log, () => manual.membersReached(reminder.id));
      const again = earlier === 0 ? '' : ' Sending it again would reach those members a second time.';
      told = `It had reached ${earlier === undefined ? 'some members' : count(earlier, 'member')} and could not go on (the error is in the bot's log).${again}`;
    }
    await tellModerator(client, deps, log, reminder, told);
  }
  return resumed;
}

function bestEffort<T>(log: Logger, work: () => T): T | undefined {
  try {
    return work();
  } catch (error) {
    log.error({ err: error }, "could not record how a moderator's reminder ended");
    return undefined;
  }
}

async function tellModerator(client: Client, deps: SchedulerDeps, log: Logger, reminder: ManualReminder, told: string) {
  const title = deps.firesides.discussions.get(reminder.discussionId)?.title ?? `discussion #${reminder.discussionId}`;
  const content = `Your /remind of **${title}** was cut short before it finished (the bot restarted, or could not record how it ended). ${told}`;
  try {
    await dmMember(client, deps, reminder.requestedBy, { content });
  } catch (error) {
    log.warn({ err: error, userId: reminder.requestedBy }, 'could not tell the moderator how their reminder ended');
  }
}
