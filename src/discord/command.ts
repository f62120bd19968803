import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Deps } from '../deps.js';
import type { CustomIdKind, CustomIdOf } from './custom-id.js';

/** Custom id kinds that belong to modals rather than buttons. */
export const MODAL_KINDS = ['question'] as const satisfies readonly CustomIdKind[];
type ModalKind = (typeof MODAL_KINDS)[number];

/** Buttons that also arrive from DMs (reminders are DMed); their handlers find the server through the discussion. */
export const DM_KINDS = ['cant'] as const satisfies readonly CustomIdKind[];

export type ComponentHandler<K extends CustomIdKind> = (
  interaction: K extends ModalKind ? ModalSubmitInteraction : ButtonInteraction,
  args: CustomIdOf<K>['args'],
  deps: Deps,
) => Promise<void>;

export type ComponentRoutes = { [K in CustomIdKind]?: ComponentHandler<K> };

/** A slash command module: its API JSON, its handler, and the components it owns. Importing one has no side effects. */
export interface SlashCommand {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, deps: Deps): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, deps: Deps): Promise<void>;
  readonly components?: ComponentRoutes;
}
