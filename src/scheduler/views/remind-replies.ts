import { count } from '../../discord/count.js';
import type { ReminderReport } from '../deliver.js';
import { reportText } from '../deliver.js';
import type { ManualAudience, ManualReminder } from '../manual-reminder-store.js';

export const postedText = (title: string, channelId: string) => `Posted a reminder of **${title}** in <#${channelId}>.`;

export const nobodyToRemindText = (title: string, audience: ManualAudience) =>
  `Nobody has answered ${audience === 'going' ? 'Going' : 'Going or Maybe'} to **${title}** yet; nothing was sent.`;

export function stillRunningText(title: string, running: ManualReminder, reached: number, asking: string): string {
  const by = running.requestedBy === asking ? 'you' : `<@${running.requestedBy}>`;
  return (
    `A reminder of **${title}** that ${by} asked for is still being sent (${count(reached, 'member')} reached so far); ` +
    'if the bot restarted meanwhile, it goes on by itself within a minute. It reaches everyone it was meant for: ' +
    'run `/remind` again once it is done if you want another.'
  );
}

export const noLongerOpenText = (title: string) => `**${title}** is no longer open; nothing was sent.`;

/** What a finished /remind did; one stopped by a cancellation reached only some of the members it counted. */
export const remindedText = (title: string, reminded: number, report: ReminderReport) =>
  report.stopped
    ? `The reminder of **${title}** (${count(reminded, 'member')}) reached some of them before the discussion was cancelled: ${reportText(report)}.`
    : `Reminded ${count(reminded, 'member')} of **${title}**: ${reportText(report)}.`;

/** The answer to /reminders on or off. */
export const reminderChoiceText = (on: boolean) =>
  on
    ? 'Reminders are **on**: I will remind you of the discussions you answered Going to, as this server sends them.'
    : 'Reminders are **off** in this server: no automatic reminders for you. Moderators can still send one with `/remind`. Turn them back on with `/reminders on`.';
