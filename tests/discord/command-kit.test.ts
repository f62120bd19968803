import {
  CommandInteractionOptionResolver,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  ApplicationCommandOptionType as T,
  type User,
} from 'discord.js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { commandKit } from '../../src/discord/command.js';
import type { OptionsOf } from '../../src/discord/command-options.js';
import type { Focused, Inner, Routes } from '../../src/discord/command-routes.js';
import type { GuildAutocomplete, GuildChatInput } from '../../src/discord/guild-interaction.js';

const data = {
  name: 'kit',
  description: 'A command shaped like /fireside',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: T.Subcommand,
      name: 'add',
      description: 'Options of every kind',
      options: [
        { type: T.String, name: 'title', description: 'Required', required: true },
        { type: T.Integer, name: 'count', description: 'Optional' },
        {
          type: T.String,
          name: 'status',
          description: 'Choices',
          choices: [
            { name: 'Going', value: 'going' },
            { name: 'Maybe', value: 'maybe' },
          ],
        },
        { type: T.User, name: 'who', description: 'A user' },
        { type: T.String, name: 'topic', description: 'Autocompleted', autocomplete: true },
      ],
    },
    { type: T.Subcommand, name: 'list', description: 'No options' },
    {
      type: T.SubcommandGroup,
      name: 'series',
      description: 'A group',
      options: [
        {
          type: T.Subcommand,
          name: 'pause',
          description: 'In the group',
          options: [{ type: T.Boolean, name: 'now', description: 'Required', required: true }],
        },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

type AddOptions = (typeof data.options)[0]['options'];

describe('option types derived from the JSON definition', () => {
  it('maps each option to its type: required is non-null, choices are their values', () => {
    expectTypeOf<OptionsOf<AddOptions>>().toEqualTypeOf<{
      readonly title: string;
      readonly count: number | null;
      readonly status: 'going' | 'maybe' | null;
      readonly who: User | null;
      readonly topic: string | null;
    }>();
    expectTypeOf<OptionsOf<readonly []>>().toEqualTypeOf<Record<never, never>>();
  });

  it('makes a misspelled or wrongly typed read a compile error', () => {
    const read = (options: OptionsOf<AddOptions>) => {
      // @ts-expect-error: no option is called `titel`
      options.titel;
      // @ts-expect-error: `count` is an integer, and optional
      const count: string = options.count;
      // @ts-expect-error: `status` is one of its choices
      const status: 'going' | 'maybe' | 'no' = options.status;
      const title: string = options.title;
      return [count, status, title];
    };
    expect(read).toBeTypeOf('function');
  });

  it('types the routes from the subcommands: each needs its handler, and no other', () => {
    type KitRoutes = Routes<Inner<typeof data>, null>;
    expectTypeOf<Parameters<KitRoutes['series']['pause']>[1]>().toEqualTypeOf<{ readonly now: boolean }>();
    const handler = async () => undefined;
    // @ts-expect-error: `list` and the `series` group have no handler
    const missing: KitRoutes = { add: handler };
    // @ts-expect-error: `lsit` is no subcommand of /kit
    const misspelled: KitRoutes = { add: handler, lsit: handler, list: handler, series: { pause: handler } };
    const complete: KitRoutes = { add: handler, list: handler, series: { pause: handler } };
    expect([missing, misspelled, complete]).toHaveLength(3);
  });

  it('types the focused option: only autocomplete options, with their subcommand', () => {
    expectTypeOf<Focused<Inner<typeof data>>>().toEqualTypeOf<{
      group: null;
      subcommand: 'add';
      name: 'topic';
      value: string;
    }>();
  });
});

/** The resolver discord.js builds from an interaction's options (its constructor is private in the typings). */
function resolver(options: unknown[]): GuildChatInput['options'] {
  const Resolver = CommandInteractionOptionResolver as unknown as new (
    client: unknown,
    options: unknown[],
    resolved: unknown,
  ) => GuildChatInput['options'];
  return new Resolver({}, options, {});
}

const sub = (name: string, options: unknown[] = []) => ({
  type: T.Subcommand,
  name,
  options,
});

describe('routing from the definition', () => {
  const calls: unknown[][] = [];
  const record =
    (name: string) =>
    async (_interaction: GuildChatInput, options: unknown): Promise<void> => {
      calls.push([name, options]);
    };
  const kit = commandKit<null>()(data, {
    run: { add: record('add'), list: record('list'), series: { pause: record('series pause') } },
    autocomplete: async (_interaction, focused) => {
      calls.push(['autocomplete', focused]);
    },
  });
  const run = (options: unknown[]) => kit.execute({ options: resolver(options) } as GuildChatInput, null);

  it('calls the handler of the subcommand with every option of it read, null when left out', async () => {
    calls.length = 0;
    await run([sub('add', [{ type: T.String, name: 'title', value: 'Breathwork' }])]);
    await run([sub('list')]);
    await run([
      { type: T.SubcommandGroup, name: 'series', options: [sub('pause', [{ type: 5, name: 'now', value: false }])] },
    ]);
    expect(calls).toEqual([
      ['add', { title: 'Breathwork', count: null, status: null, who: null, topic: null }],
      ['list', {}],
      ['series pause', { now: false }],
    ]);
  });

  it('refuses a value outside the choices, and a subcommand the definition no longer has', async () => {
    const bogus = [
      { type: T.String, name: 'title', value: 'x' },
      { type: T.String, name: 'status', value: 'no' },
    ];
    await expect(run([sub('add', bogus)])).rejects.toThrow(new UserError('`status` is one of `going`, `maybe`.'));
    await expect(run([sub('remove')])).rejects.toThrow(
      new UserError('This command is no longer available. Type `/kit` to see the current ones.'),
    );
    const inGroup = [{ type: T.SubcommandGroup, name: 'series', options: [sub('resume')] }];
    await expect(run(inGroup)).rejects.toThrow(/Type `\/kit series` to see/);
    // A name the prototype of every object has is no route either.
    await expect(run([sub('constructor')])).rejects.toThrow(/no longer available/);
  });

  it('refuses an Integer option sent as text, as another type or with a fraction, saying what it takes', async () => {
    const title = { type: T.String, name: 'title', value: 'x' };
    for (const count of [
      { type: T.Integer, name: 'count', value: 'abc' },
      { type: T.String, name: 'count', value: 'abc' },
      { type: T.Integer, name: 'count', value: 2.5 },
    ]) {
      await expect(run([sub('add', [title, count])])).rejects.toThrow(new UserError('`count` is a whole number.'));
    }
    const wrongKind = [{ type: T.Integer, name: 'title', value: 3 }];
    await expect(run([sub('add', wrongKind)])).rejects.toThrow(/`title` was sent as the wrong kind of value/);
  });

  it('answers autocomplete with the focused option and its subcommand, and nothing for other options', async () => {
    calls.length = 0;
    const responded: unknown[] = [];
    const complete = (name: string, options: unknown[] = []) =>
      kit.autocomplete?.(
        {
          options: resolver([sub('add', [...options, { type: T.String, name, value: 'bre', focused: true }])]),
          respond: async (choices: unknown) => {
            responded.push(choices);
          },
        } as unknown as GuildAutocomplete,
        null,
      );
    await complete('topic');
    await complete('title');
    expect(calls).toEqual([['autocomplete', { group: null, subcommand: 'add', name: 'topic', value: 'bre' }]]);
    expect(responded).toEqual([[]]);
  });
});
