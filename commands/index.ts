import type { SlashCommand } from '../src/discord/command.js';
import type { Deps } from './deps.js';
import * as fireside from './fireside.js';
import * as library from './library.js';
import * as modality from './modality.js';
import * as privacy from './privacy.js';
import * as remind from './remind.js';
import * as reminders from './reminders.js';
import * as rsvp from './rsvp.js';
import * as setup from './setup.js';

/** The one list of commands: the dispatcher routes to these and `npm run deploy-commands` registers them. */
export const commands: readonly SlashCommand<Deps>[] = [
  modality.command,
  library.command,
  setup.command,
  fireside.command,
  rsvp.command,
  remind.command,
  reminders.command,
  privacy.command,
];
