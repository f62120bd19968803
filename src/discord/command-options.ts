import { type CommandInteractionOption, DiscordjsErrorCodes, ApplicationCommandOptionType as T } from 'discord.js';
import { UserError } from '../core/errors.js';
import type { GuildCache, GuildChatInput } from './guild-interaction.js';

/*
 * Option values typed from a command's JSON definition (as yuudachi's ArgsParam does): an option renamed or retyped
 * in the JSON is a type error wherever it is read, because handlers read `options.title`, never `getString('title')`.
 */

/** What the kit needs to know of an option; the JSON itself is checked against discord.js's API types. */
export interface OptionDefinition {
  readonly type: T;
  readonly name: string;
  readonly required?: boolean;
  readonly autocomplete?: boolean;
  readonly choices?: readonly { readonly name: string; readonly value: string | number }[];
  readonly options?: readonly OptionDefinition[];
}

type Resolved<K extends 'user' | 'channel' | 'role' | 'member' | 'attachment'> = NonNullable<
  CommandInteractionOption<GuildCache>[K]
>;

/** One option's value: the choice values when it has choices, else what its type resolves to. */
type ValueOf<O> = O extends { readonly choices: readonly { readonly value: infer V }[] }
  ? V
  : O extends { readonly type: T.String }
    ? string
    : O extends { readonly type: T.Integer | T.Number }
      ? number
      : O extends { readonly type: T.Boolean }
        ? boolean
        : O extends { readonly type: T.User }
          ? Resolved<'user'>
          : O extends { readonly type: T.Channel }
            ? Resolved<'channel'>
            : O extends { readonly type: T.Role }
              ? Resolved<'role'>
              : O extends { readonly type: T.Mentionable }
                ? Resolved<'member' | 'role' | 'user'>
                : O extends { readonly type: T.Attachment }
                  ? Resolved<'attachment'>
                  : never;

/** The values of a list of options, by name: `null` when an option that is not required was left out. */
export type OptionsOf<Options> = Options extends readonly (infer O)[]
  ? {
      readonly [E in O as E extends { readonly name: infer N extends string } ? N : never]: E extends {
        readonly required: true;
      }
        ? ValueOf<E>
        : ValueOf<E> | null;
    }
  : Record<never, never>;

type Resolver = GuildChatInput['options'];

const readers: Partial<Record<T, (options: Resolver, name: string, required: boolean) => unknown>> = {
  [T.String]: (options, name, required) => options.getString(name, required),
  [T.Integer]: (options, name, required) => options.getInteger(name, required),
  [T.Number]: (options, name, required) => options.getNumber(name, required),
  [T.Boolean]: (options, name, required) => options.getBoolean(name, required),
  [T.User]: (options, name, required) => options.getUser(name, required),
  // No channel_types here: the commands check the type themselves and say what to pick instead.
  [T.Channel]: (options, name, required) => options.getChannel(name, required),
  [T.Role]: (options, name, required) => options.getRole(name, required),
  [T.Mentionable]: (options, name, required) => options.getMentionable(name, required),
  [T.Attachment]: (options, name, required) => options.getAttachment(name, required),
};

/**
 * Discord's client sends a whole number for an Integer option, but the API does not promise it: a forged request
 * may send text, or the option as another type (discord.js then throws its own TypeError). Either way the member
 * hears what the option takes, not an apology.
 */
function readOne(
  read: (options: Resolver, name: string, required: boolean) => unknown,
  resolver: Resolver,
  option: OptionDefinition,
): unknown {
  // Made only when thrown: an Error captures its stack, which every option of every command would pay for.
  const wholeNumber = () => new UserError(`\`${option.name}\` is a whole number.`);
  let value: unknown;
  try {
    value = read(resolver, option.name, option.required === true);
  } catch (error) {
    const wrongType = (error as { code?: unknown }).code === DiscordjsErrorCodes.CommandInteractionOptionType;
    if (wrongType && option.type === T.Integer) throw wholeNumber();
    if (wrongType) throw new UserError(`\`${option.name}\` was sent as the wrong kind of value: give it again.`);
    throw error;
  }
  if (option.type === T.Integer && value !== null && !Number.isSafeInteger(value)) throw wholeNumber();
  return value;
}

/**
 * Reads every option of one subcommand (or of a command without subcommands) as its definition types it.
 * A value outside an option's choices is refused here (Discord shows only the choices, but does not promise them),
 * so the choice union the handler sees holds at run time.
 */
export function readOptions<const Options extends readonly OptionDefinition[]>(
  resolver: Resolver,
  definitions: Options,
): OptionsOf<Options> {
  const values: Record<string, unknown> = {};
  for (const option of definitions) {
    const read = readers[option.type];
    if (!read) throw new Error(`Option type ${option.type} of "${option.name}" is not a value`);
    const value = readOne(read, resolver, option);
    if (value !== null && option.choices && !option.choices.some((choice) => choice.value === value)) {
      const listed = option.choices.map((choice) => `\`${choice.value}\``).join(', ');
      throw new UserError(`\`${option.name}\` is one of ${listed}.`);
    }
    values[option.name] = value;
  }
  return values as OptionsOf<Options>;
}
