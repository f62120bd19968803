import { type EmulatedMessage, IDS, type InteractionResult, type Json } from '@healing-library/discord-emulator';
import { announcement, clickAnnouncement } from './discussion.js';
import type { Renderable } from './render.js';
import { button, type DemoContext, type Story, show } from './stories.js';

const NOTE = 'A note from the library';

/** A page the transcript already showed in full: its excerpt and note elided, what changed (its discussions) kept. */
function pageInBrief(message: Renderable): Renderable {
  return {
    ...message,
    embeds: (message.embeds ?? []).map((embed: Json) => ({
      ...embed,
      description: '… the overview and the note, as above …',
      fields: (embed.fields ?? []).filter((field: Json) => field.name !== NOTE),
    })),
  };
}

async function showPage(context: DemoContext, who: string, typed: string, result: InteractionResult) {
  context.print(`  ${who}: ${typed}`);
  const seen = result.message ?? result.callback?.data;
  if (!seen) throw new Error(`no answer to ${typed}`);
  context.printMessage(pageInBrief(seen));
  return seen as EmulatedMessage;
}

const linkTo = (message: EmulatedMessage) =>
  `https://discord.com/channels/${IDS.guild}/${IDS.announcements}/${message.id}`;

export const wantedTopics: Story = {
  title: 'A moderator sees which pages members would discuss',
  async play(context) {
    const result = await context.emulator.command({ name: 'library', subcommand: 'interest', userId: IDS.moderator });
    await show(context, 'Moderator', '/library interest', result);
  },
};

/** The member who tapped "I'd join a discussion on this" in the first story hears of it and answers. */
export const fromPageToDiscussion: Story = {
  title: 'The member who asked is told, and goes from the page to the discussion',
  async play(context) {
    const link = linkTo(announcement(context));
    const dm = await context.emulator.waitFor(
      () => context.emulator.dmMessages(IDS.member).find((m) => m.content.includes(link)),
      { what: 'the interest DM', timeoutMs: 10_000 },
    );
    context.print('  At the scheduler’s next tick (every second here) the member who asked gets one DM:');
    context.printMessage(dm);

    const again = await context.emulator.command({
      name: 'modality',
      userId: IDS.member,
      options: [{ name: 'name', value: 'ketamine' }],
    });
    const page = await showPage(context, 'Member', '/modality name: ketamine', again);
    const nearest = page.components
      .flatMap((row: Json) => row.components)
      .find((each: Json) => each.url === link && String(each.label).startsWith('Discussion:'));
    if (!nearest) throw new Error('the page has no link button to the announcement');
    context.print(`  Member follows [${nearest.label} ↗] to the announcement in #announcements`);
    await clickAnnouncement(context, 'Member', IDS.member, 'Going');

    const message = announcement(context);
    const read = await context.emulator.click({
      message,
      customId: button(message, 'Read: Ketamine Therapy'),
      userId: IDS.admin,
    });
    await showPage(context, 'Another member clicks', '[Read: Ketamine Therapy] on the announcement', read);
  },
};
