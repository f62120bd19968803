import { type CommandOption, type EmulatedMessage, IDS } from '@healing-library/discord-emulator';
import { button, type DemoContext, show } from './stories.js';

/** The discussion the fireside stories share: scheduled on the Ketamine Therapy page, answered, reminded. */
export const TITLE = 'A circle on ketamine therapy';
export const shared: { id?: number; announcement?: EmulatedMessage } = {};

/** The shared discussion's announcement as it stands now (buttons re-render it in place). */
export function announcement(context: DemoContext): EmulatedMessage {
  const found = context.emulator.channelMessages(IDS.announcements).find((m) => m.id === shared.announcement?.id);
  if (!found) throw new Error('the announcement is missing');
  return found;
}

/** `/fireside <subcommand>` (or `/fireside <group> <subcommand>`) as the member `userId` types it. */
export function fireside(
  context: DemoContext,
  userId: string,
  subcommand: string,
  options: CommandOption[] = [],
  group?: string,
) {
  return context.emulator.command({ name: 'fireside', group, subcommand, userId, options });
}

/** Clicks a button of the announcement, shown once the private note ("You're going") has arrived too. */
export async function clickAnnouncement(context: DemoContext, who: string, userId: string, label: string) {
  const message = announcement(context);
  const result = await context.emulator.click({
    message,
    customId: button(message, label),
    userId,
    until: 'follow-up',
  });
  await show(context, `${who} clicks`, `[${label}]`, result);
  return result;
}

export async function lastDm(context: DemoContext, userId: string, what: string): Promise<EmulatedMessage> {
  return context.emulator.waitFor(() => context.emulator.dmMessages(userId).at(-1), { what });
}
