import {
  ApplicationCommandOptionType,
  type ButtonInteraction,
  type InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { UserError } from '../core/errors.js';
import { type OptionDefinition, readOptions } from './command-options.js';
import { type Focused, findLeaf, type Inner, type Routes } from './command-routes.js';
import type { CustomIdKind, CustomIdOf } from './custom-id.js';
import type {
  GuildAutocomplete,
  GuildButton,
  GuildChatInput,
  GuildModalSubmit,
  GuildStringSelect,
} from './guild-interaction.js';

/** Custom id kinds that belong to modals rather than buttons. */
export const MODAL_KINDS = ['question'] as const satisfies readonly CustomIdKind[];
type ModalKind = (typeof MODAL_KINDS)[number];

/** Custom id kinds that belong to string selects rather than buttons; their handlers read `interaction.values`. */
export const SELECT_KINDS = ['explore'] as const satisfies readonly CustomIdKind[];
type SelectKind = (typeof SELECT_KINDS)[number];

/** Buttons that also arrive from DMs (reminders are DMed); their handlers find the server through the discussion. */
export const DM_KINDS = ['cant'] as const satisfies readonly CustomIdKind[];
type DmKind = (typeof DM_KINDS)[number];

export type ComponentHandler<K extends CustomIdKind, Deps> = (
  interaction: K extends ModalKind
    ? GuildModalSubmit
    : K extends SelectKind
      ? GuildStringSelect
      : K extends DmKind
        ? ButtonInteraction
        : GuildButton,
  args: CustomIdOf<K>['args'],
  deps: Deps,
) => Promise<void>;

export type ComponentRoutes<Deps> = { [K in CustomIdKind]?: ComponentHandler<K, Deps> };

/**
 * What the dispatcher sees of a command. Importing a command module has no side effects. `Deps` is what the
 * composition root gives every handler (commands/deps.ts); the plumbing here only passes it on.
 */
export interface SlashCommand<Deps> {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: GuildChatInput, deps: Deps): Promise<void>;
  autocomplete?(interaction: GuildAutocomplete, deps: Deps): Promise<void>;
  readonly components?: ComponentRoutes<Deps>;
}

/** Every command is declared for servers only, once, in its JSON; the dispatcher refuses it anywhere else. */
export interface GuildCommandDefinition {
  readonly name: string;
  readonly contexts: readonly [InteractionContextType.Guild];
  readonly options?: readonly OptionDefinition[];
}

export interface CommandHandlers<D extends GuildCommandDefinition, Deps> {
  /** One handler, or one per subcommand (nested per group), each given the options of its subcommand, typed. */
  readonly run: Routes<Inner<D>, Deps>;
  readonly autocomplete?: (interaction: GuildAutocomplete, focused: Focused<Inner<D>>, deps: Deps) => Promise<void>;
  readonly components?: ComponentRoutes<Deps>;
}

function noLongerAvailable(data: GuildCommandDefinition, group: string | null): UserError {
  const known = data.options?.some((o) => o.type === ApplicationCommandOptionType.SubcommandGroup && o.name === group);
  const path = known ? `${data.name} ${group}` : data.name;
  return new UserError(`This command is no longer available. Type \`/${path}\` to see the current ones.`);
}

/**
 * `defineCommand` for one type of deps, bound once in commands/ (`commandKit<Deps>()`) so that handlers' deps are
 * typed without this folder importing what they hold.
 */
export function commandKit<Deps>() {
  return defineCommand as <const D extends GuildCommandDefinition & RESTPostAPIChatInputApplicationCommandsJSONBody>(
    data: D,
    handlers: NoInfer<CommandHandlers<D, Deps>>,
  ) => SlashCommand<Deps>;
}

/**
 * A command from its JSON definition and its handlers: subcommands are routed and options read as the definition
 * says, so the handlers hold no `getString('…')` and no `switch` on the subcommand.
 */
function defineCommand<const D extends GuildCommandDefinition, Deps>(
  data: D & RESTPostAPIChatInputApplicationCommandsJSONBody,
  handlers: CommandHandlers<D, Deps>,
): SlashCommand<Deps> {
  const { autocomplete, components } = handlers;
  return {
    data,
    async execute(interaction, deps) {
      const group = interaction.options.getSubcommandGroup(false);
      const leaf = findLeaf(data, handlers.run, group, interaction.options.getSubcommand(false));
      if (typeof leaf?.route !== 'function') throw noLongerAvailable(data, group);
      await leaf.route(interaction, readOptions(interaction.options, leaf.options), deps);
    },
    ...(autocomplete && {
      async autocomplete(interaction: GuildAutocomplete, deps: Deps) {
        const group = interaction.options.getSubcommandGroup(false);
        const subcommand = interaction.options.getSubcommand(false);
        const { name, value } = interaction.options.getFocused(true);
        const leaf = findLeaf(data, handlers.run, group, subcommand);
        if (!leaf?.options.some((option) => option.name === name && option.autocomplete)) {
          return interaction.respond([]);
        }
        const focused = { group, subcommand, name, value: String(value) } as Focused<Inner<D>>;
        await autocomplete(interaction, focused, deps);
      },
    }),
    ...(components && { components }),
  };
}

/** The handlers of a definition's subcommands (or a group's), for commands that keep them in a separate module. */
export type RoutesOf<Definition, Deps> = Routes<Inner<Definition>, Deps>;
