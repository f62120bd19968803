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
import { type InteractionOutcome, runWithErrorBoundary } from './error-boundary.js';

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

  const run = (interaction: Interaction, routed: Routed) =>
    runWithErrorBoundary(interaction, deps.logger, async () => {
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
        await handler(interaction as never, id.args as never, deps);
        return;
      }
      if (interaction.isChatInputCommand() || interaction.isAutocomplete()) routed.route = commandRoute(interaction);
      // The one place "guild only" is enforced: commands and their handlers only ever see guild interactions.
      if (!interaction.inGuild()) throw outsideServer();
      if (interaction.isChatInputCommand()) {
        const command = byName.get(interaction.commandName);
        if (!command) throw new UserError('This command is no longer available. Type `/` to see the current ones.');
        await command.execute(interaction, deps);
      } else if (interaction.isAutocomplete()) {
        const command = byName.get(interaction.commandName);
        await (command?.autocomplete ? command.autocomplete(interaction, deps) : interaction.respond([]));
      }
    });

  if (!observer) return async (interaction) => void (await run(interaction, { route: 'other' }));
  return async (interaction) => {
    const routed = { route: 'other' };
    observer.started(interaction);
    const outcome = await run(interaction, routed);
    observer.finished(interaction, routed.route, outcome);
  };
}

const outsideServer = () => new UserError('The Healing Library bot works inside its community server.');
