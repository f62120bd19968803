import { type App, startApp } from '../app.js';
import { type Emulator, IDS } from '../emulator/index.js';
import type { EmulatedMessage, InteractionResult, Json } from '../emulator/types.js';
import { renderMessage } from './render.js';

export interface DemoContext {
  emulator: Emulator;
  app: App;
  print(line: string): void;
}

export interface Story {
  title: string;
  play(context: DemoContext): Promise<void>;
}

function show(context: DemoContext, who: string, typed: string, result: InteractionResult): void {
  context.print(`  ${who}: ${typed}`);
  const data = result.callback?.data;
  if (result.callback?.type === 8) {
    context.print(`    autocomplete: ${data.choices.map((choice: Json) => choice.name).join(' · ')}`);
  } else if (result.message) {
    context.print(renderMessage(result.message));
  } else if (data) {
    context.print(renderMessage(data));
  }
  for (const followup of result.followups) context.print(renderMessage(followup));
}

function button(message: EmulatedMessage, label: string): string {
  const found = message.components.flatMap((row: Json) => row.components).find((each: Json) => each.label === label);
  if (!found) throw new Error(`no "${label}" button on the message`);
  return found.custom_id;
}

export const libraryStories: Story[] = [
  {
    title: 'A member reads a page',
    async play(context) {
      const typing = await context.emulator.autocomplete({ name: 'modality', focused: 'name', value: 'ket' });
      show(context, 'Member types', '/modality name: ket…', typing);
      const result = await context.emulator.command({
        name: 'modality',
        userId: IDS.member,
        options: [{ name: 'name', value: 'ketamine' }],
      });
      show(context, 'Member', '/modality name: ketamine', result);
      const message = result.message as EmulatedMessage;
      const click = await context.emulator.click({
        message,
        customId: button(message, 'Advantages'),
        userId: IDS.member,
      });
      show(context, 'Member clicks', '[Advantages]  (the same message changes in place)', click);
    },
  },
  {
    title: 'A name the library does not have',
    async play(context) {
      const result = await context.emulator.command({
        name: 'modality',
        options: [{ name: 'name', value: 'ketamin' }],
      });
      show(context, 'Member', '/modality name: ketamin', result);
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
      show(context, 'Member', '/library search query: depression relief', result);
      const odd = await context.emulator.command({
        name: 'library',
        subcommand: 'search',
        options: [{ name: 'query', value: '"ketamine AND (NOT' }],
      });
      show(context, 'Member', '/library search query: "ketamine AND (NOT', odd);
      const list = await context.emulator.command({ name: 'library', subcommand: 'list' });
      show(context, 'Member', '/library list', list);
    },
  },
  {
    title: 'The bot restarts; yesterday’s buttons still work',
    async play(context) {
      const result = await context.emulator.command({ name: 'modality', options: [{ name: 'name', value: 'KAP' }] });
      show(context, 'Member', '/modality name: KAP', result);
      context.print('  … the bot restarts …');
      await context.app.stop();
      context.app = await startApp({ config: context.app.deps.config, logger: context.app.deps.logger });
      const message = result.message as EmulatedMessage;
      const click = await context.emulator.click({ message, customId: button(message, 'Legality') });
      show(context, 'Member clicks', '[Legality] on the old message', click);
    },
  },
];

export const stories: Story[] = [...libraryStories];
