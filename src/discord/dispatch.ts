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
import { runWithErrorBoundary } from './error-boundary.js';

const isDmKind = (id: CustomId | undefined) => id !== undefined && (DM_KINDS as readonly string[]).includes(id.kind);
const isModalKind = (id: CustomId) => (MODAL_KINDS as readonly string[]).includes(id.kind);
const isSelectKind = (id: CustomId) => (SELECT_KINDS as readonly string[]).includes(id.kind);

export type Dispatch = (interaction: Interaction) => Promise<void>;

/** Routes commands by name and components by the kind of their custom_id; every route runs inside the error boundary. */
export function createDispatcher<Deps extends { readonly logger: Logger }>(
  commands: readonly SlashCommand<Deps>[],
  deps: Deps,
): Dispatch {
  const byName = new Map(commands.map((command) => [command.data.name, command]));
  const routes: ComponentRoutes<Deps> = {};
  for (const command of commands) {
    for (const [kind, handler] of Object.entries(command.components ?? {})) {
      if (kind in routes) throw new Error(`Two commands handle the custom id kind "${kind}"`);
      (routes as Record<string, unknown>)[kind] = handler;
    }
  }

  return (interaction) =>
    runWithErrorBoundary(interaction, deps.logger, async () => {
      if (interaction.isButton() || interaction.isModalSubmit() || interaction.isStringSelectMenu()) {
        const id = parseCustomId(interaction.customId);
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
}

const outsideServer = () => new UserError('The Healing Library bot works inside its community server.');
