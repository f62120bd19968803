import { type EmulatedMessage, IDS } from '@healing-library/discord-emulator';
import { type Harness, replyText } from './harness.js';

/**
 * A discussion of one seat, scheduled with /fireside schedule (its announcement posted with its buttons): IDS.member
 * going, IDS.admin first on the waitlist, each click answered.
 */
export async function fullCircle(
  harness: Harness,
  title: string,
  start: string,
): Promise<{ id: number; message: EmulatedMessage }> {
  const { emulator } = harness;
  const before = emulator.channelMessages(IDS.announcements).length;
  const scheduled = await emulator.command({
    name: 'fireside',
    subcommand: 'schedule',
    userId: IDS.moderator,
    channelId: IDS.general,
    options: [
      { name: 'title', value: title },
      { name: 'start', value: start },
      { name: 'capacity', value: 1 },
    ],
  });
  const id = Number(/#(\d+)/.exec(await replyText(emulator, scheduled))?.[1]);
  const message = (await emulator.waitFor(
    () =>
      emulator.channelMessages(IDS.announcements).length > before && emulator.channelMessages(IDS.announcements).at(-1),
    { what: `the announcement of ${title}` },
  )) as EmulatedMessage;
  for (const userId of [IDS.member, IDS.admin]) {
    const click = await emulator.click({ message, customId: `rsvp:${id}:going`, userId });
    await emulator.waitFor(() => click.followups[0] ?? (click.callback?.type === 4 && click.callback), {
      what: 'the answer to Going',
    });
  }
  return { id, message };
}
