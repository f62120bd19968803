import { commandKit, type RoutesOf } from '../src/discord/command.js';
import type { Deps } from './deps.js';

/** Every command is defined with this: its handlers receive the typed guild interaction, its options, and Deps. */
export const defineCommand = commandKit<Deps>();

/** The handlers of a subcommand group kept in a module of its own (commands/fireside-series.ts). */
export type GroupRoutes<Group> = RoutesOf<Group, Deps>;
