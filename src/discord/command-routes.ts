import { ApplicationCommandOptionType as T } from 'discord.js';
import type { OptionDefinition, OptionsOf } from './command-options.js';
import type { GuildChatInput } from './guild-interaction.js';

/*
 * Subcommands and subcommand groups routed from the command's JSON: the handler map is typed from the definition,
 * so a subcommand without a handler, or a handler for one the JSON lacks, does not compile.
 */

type Subcommand = OptionDefinition & { readonly type: T.Subcommand };
type Group = OptionDefinition & { readonly type: T.SubcommandGroup };
type Each<Options> = Options extends readonly (infer O)[] ? O : never;
/** The options a command, group or subcommand holds (none when its JSON has no `options`). */
export type Inner<O> = O extends { readonly options: infer Options } ? Options : readonly [];
type NoSubcommands<Options> = [Extract<Each<Options>, Subcommand | Group>] extends [never] ? true : false;

export type Handler<Options, Deps> = (
  interaction: GuildChatInput,
  options: OptionsOf<Options>,
  deps: Deps,
) => Promise<void>;

/** A command without subcommands has one handler; otherwise one per subcommand, nested per group. */
export type Routes<Options, Deps> =
  NoSubcommands<Options> extends true
    ? Handler<Options, Deps>
    : { readonly [S in Extract<Each<Options>, Subcommand> as S['name']]: Handler<Inner<S>, Deps> } & {
        readonly [G in Extract<Each<Options>, Group> as G['name']]: Routes<Inner<G>, Deps>;
      };

/** Every leaf of a definition: where a subcommand sits, and the options it takes. */
type Leaves<Options, GroupName extends string | null = null> =
  NoSubcommands<Options> extends true
    ? { group: null; subcommand: null; options: Options }
    :
        | (Extract<Each<Options>, Subcommand> extends infer S
            ? S extends Subcommand
              ? { group: GroupName; subcommand: S['name']; options: Inner<S> }
              : never
            : never)
        | (Extract<Each<Options>, Group> extends infer G
            ? G extends Group
              ? Leaves<Inner<G>, G['name']>
              : never
            : never);

type NameOf<O> = O extends { readonly name: infer N } ? N : never;
type AutocompleteName<Options> = NameOf<Extract<Each<Options>, { readonly autocomplete: true }>>;

/** The option a member is typing in, with the subcommand it belongs to: only options marked `autocomplete`. */
export type Focused<Options> =
  Leaves<Options> extends infer L
    ? L extends { group: infer G; subcommand: infer S; options: infer O }
      ? [AutocompleteName<O>] extends [never]
        ? never
        : { group: G; subcommand: S; name: AutocompleteName<O>; value: string }
      : never
    : never;

export interface Leaf {
  /** The handler the routes hold for this subcommand. */
  readonly route: unknown;
  readonly options: readonly OptionDefinition[];
}

/**
 * The subcommand an interaction names, looked up in the definition (not in whatever Discord sent): undefined when
 * the definition has no such subcommand, which happens when the registered commands are older than the bot.
 */
export function findLeaf(
  definition: { readonly options?: readonly OptionDefinition[] },
  routes: unknown,
  group: string | null,
  subcommand: string | null,
): Leaf | undefined {
  let options = definition.options ?? [];
  let route = routes;
  const step = (type: T, name: string | null): boolean => {
    const found = name === null ? undefined : options.find((option) => option.type === type && option.name === name);
    if (!found || typeof route !== 'object' || route === null || !Object.hasOwn(route, found.name)) return false;
    options = found.options ?? [];
    route = (route as Record<string, unknown>)[found.name];
    return true;
  };
  if (!options.some((option) => option.type === T.Subcommand || option.type === T.SubcommandGroup)) {
    return group === null && subcommand === null ? { route, options } : undefined;
  }
  if (group !== null && !step(T.SubcommandGroup, group)) return undefined;
  return step(T.Subcommand, subcommand) ? { route, options } : undefined;
}
