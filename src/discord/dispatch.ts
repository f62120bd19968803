import type { Interaction } from 'discord.js';
import { UserError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import {
  type ComponentHandler,
  type ComponentRoutes,
  DM_KINDS,
  MODAL_KINDS,
  SELECT_KINDS,
  type SlashCommand,
} from './command.js';
import { type CustomId, type CustomIdKind, parseCustomId } from './custom-id.js';
import { type InteractionOutcome, settleInteraction } from './error-boundary.js';

const isDmKind = (id: CustomId | undefined) => id !== undefined && (DM_KINDS as readonly string[]).includes(id.kind);
const isModalKind = (id: CustomId) => (MODAL_KINDS as readonly string[]).includes(id.kind);
const isSelectKind = (id: CustomId) => (SELECT_KINDS as readonly string[]).includes(id.kind);

export type Dispatch = (interaction: Interaction) => Promise<void>;

/** Told of each interaction (the metrics); `route` names its command or custom id kind, never what was typed. */
export interface InteractionObserver {
  started(interaction: Interaction): void;
  finished(interaction: Interaction, route: string, outcome: InteractionOutcome): void;
}

/** Routes commands by name and components by the kind of their custom_id; every route runs inside the error boundary. */
export function createDispatcher<Deps extends { readonly logger: Logger }>(
  commands: readonly SlashCommand<Deps>[],
  deps: Deps,
  observer?: InteractionObserver,
): Dispatch {
  const byName = new Map(commands.map((command) => [command.data.name, command]));
  const routes: ComponentRoutes<Deps> = {};
  for (const command of commands) {
    for (const [kind, handler] of Object.entries(command.components ?? {})) {
      if (kind in routes) throw new Error(`Two commands handle the custom id kind "${kind}"`);
      (routes as Record<string, unknown>)[kind] = handler;
    }
  }

  /** The route's name for the metrics: set by `run` as it routes, so a custom id is parsed once. */
  type Routed = { route: string };
  const componentRoute = (interaction: Interaction, id: CustomId | undefined) =>
    `${interaction.isButton() ? 'button' : interaction.isModalSubmit() ? 'modal' : 'select'}:${id?.kind ?? 'unknown'}`;
  const commandRoute = (interaction: Interaction & { commandName: string }) => {
    const name = byName.has(interaction.commandName) ? interaction.commandName : 'unknown';
    return interaction.isAutocomplete() ? `${name}:autocomplete` : name;
  };

  /**
   * Starts the handler of an interaction and returns its work. What cannot be routed is thrown before any work
   * starts, for the error policy like a handler's own errors.
   */
  const start = (interaction: Interaction, routed: Routed): Promise<unknown> => {
    if (interaction.isButton() || interaction.isModalSubmit() || interaction.isStringSelectMenu()) {
      const id = parseCustomId(interaction.customId);
      routed.route = componentRoute(interaction, id);
      if (!interaction.inGuild() && !(interaction.isButton() && isDmKind(id))) throw outsideServer();
      const handler = id && (routes[id.kind] as ComponentHandler<CustomIdKind, Deps> | undefined);
      if (
        !id ||
        !handler ||
        isModalKind(id) !== interaction.isModalSubmit() ||
        isSelectKind(id) !== interaction.isStringSelectMenu()
      ) {
        throw new UserError('This button is out of date. Run the command again to get a fresh one.');
      }
      return handler(interaction as never, id.args as never, deps);
    }
    if (interaction.isChatInputCommand() || interaction.isAutocomplete()) routed.route = commandRoute(interaction);
    // The one place "guild only" is enforced: commands and their handlers only ever see guild interactions.
    if (!interaction.inGuild()) throw outsideServer();
    if (interaction.isChatInputCommand()) {
      const command = byName.get(interaction.commandName);
      if (!command) throw new UserError('This command is no longer available. Type `/` to see the current ones.');
      return command.execute(interaction, deps);
    }
    if (interaction.isAutocomplete()) {
      const command = byName.get(interaction.commandName);
      return command?.autocomplete ? command.autocomplete(interaction, deps) : interaction.respond([]);
    }
    return Promise.resolve();
  };

  const run = (interaction: Interaction, routed: Routed) => {
    let work: Promise<unknown>;
    try {
      work = start(interaction, routed);
    } catch (error) {
      work = Promise.reject(error);
    }
    return settleInteraction(interaction, deps.logger, work);
  };

  if (!observer) return (interaction) => run(interaction, { route: 'other' }).then(nothing);
  return (interaction) => {
    const routed = { route: 'other' };
    observer.started(interaction);
    return run(interaction, routed).then((outcome) => observer.finished(interaction, routed.route, outcome));
  };
}

const nothing = () => undefined;

const outsideServer = () => new UserError('The Healing Library bot works inside its community server.');
