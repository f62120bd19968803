import {
  type EmulatedMessage,
  type Emulator,
  IDS,
  type InteractionResult,
  type Json,
} from '@healing-library/discord-emulator';
import type { App } from '../src/app.js';
import type { Renderable } from './render.js';

export interface DemoContext {
  emulator: Emulator;
  app: App;
  print(line: string): void;
  /** Prints a message as a member would see it at the bot's current time. */
  printMessage(message: Renderable): void;
  /** Starts the bot again on the same database, as after a restart. */
  startBot(): Promise<App>;
  /** Moves the bot's clock forward. */
  fastForward(ms: number): void;
  now(): number;
}

export interface Story {
  title: string;
  play(context: DemoContext): Promise<void>;
}

/** Prints what the member typed and what they saw; a deferred reply is shown once the bot has filled it in. */
export async function show(context: DemoContext, who: string, typed: string, result: InteractionResult): Promise<void> {
  context.print(`  ${who}: ${typed}`);
  if (result.callback?.type === 5) {
    await context.emulator.waitFor(() => result.edits.length > 0, { what: `the deferred reply to ${typed}` });
  }
  const data = result.callback?.data;
  if (result.callback?.type === 8) {
    context.print(`    autocomplete: ${data.choices.map((choice: Json) => choice.name).join(' · ')}`);
  } else if (result.callback?.type === 9) {
    context.print(`    (a form opens: ${data.title})`);
  } else if (result.message) {
    context.printMessage(result.message);
  } else if (data) {
    context.printMessage(data);
  }
  for (const followup of result.followups) context.printMessage(followup);
}

export function button(message: EmulatedMessage, label: string): string {
  const found = message.components.flatMap((row: Json) => row.components).find((each: Json) => each.label === label);
  if (!found) throw new Error(`no "${label}" button on the message`);
  return found.custom_id;
}

export const libraryStories: Story[] = [
  {
    title: 'A member reads a page',
    async play(context) {
      const typing = await context.emulator.autocomplete({ name: 'modality', focused: 'name', value: 'ket' });
      await show(context, 'Member types', '/modality name: ket…', typing);
      const result = await context.emulator.command({
        name: 'modality',
        userId: IDS.member,
        options: [{ name: 'name', value: 'ketamine' }],
      });
      await show(context, 'Member', '/modality name: ketamine', result);
      const message = result.message as EmulatedMessage;
      const click = await context.emulator.click({
        message,
        customId: button(message, 'Advantages'),
        userId: IDS.member,
      });
      await show(context, 'Member clicks', '[Advantages]  (the same message changes in place)', click);
      // Nothing is planned on the page yet: the member asks to hear when a discussion on it is announced.
      const asked = await context.emulator.click({
        message,
        customId: button(message, "I'd join a discussion on this"),
        userId: IDS.member,
      });
      await show(context, 'Member clicks', "[I'd join a discussion on this]", asked);
    },
  },
  {
    title: 'A name the library does not have',
    async play(context) {
      const result = await context.emulator.command({
        name: 'modality',
        options: [{ name: 'name', value: 'ketamin' }],
      });
      await show(context, 'Member', '/modality name: ketamin', result);
    },
  },
  {
    title: 'Searching the library',
    async play(context) {
      const result = await context.emulator.command({
        name: 'library',
        subcommand: 'search',
        options: [{ name: 'query', value: 'depression relief' }],
      });
      await show(context, 'Member', '/library search query: depression relief', result);
      const odd = await context.emulator.command({
        name: 'library',
        subcommand: 'search',
        options: [{ name: 'query', value: '"ketamine AND (NOT' }],
      });
      await show(context, 'Member', '/library search query: "ketamine AND (NOT', odd);
      const list = await context.emulator.command({ name: 'library', subcommand: 'list' });
      await show(context, 'Member', '/library list', list);
    },
  },
  {
    title: 'The bot restarts; yesterday’s buttons still work',
    async play(context) {
      const result = await context.emulator.command({ name: 'modality', options: [{ name: 'name', value: 'KAP' }] });
      await show(context, 'Member', '/modality name: KAP', result);
      context.print('  … the bot restarts …');
      await context.app.stop();
      context.app = await context.startBot();
      const message = result.message as EmulatedMessage;
      const click = await context.emulator.click({ message, customId: button(message, 'Legality') });
      await show(context, 'Member clicks', '[Legality] on the old message', click);
    },
  },
];
