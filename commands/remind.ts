import {
  ApplicationCommandOptionType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { autocompleteEvent } from '../src/firesides/index.js';
import { MESSAGE_MAX, remindNow } from '../src/scheduler/index.js';
import { defineCommand } from './command-kit.js';
import { eventOption } from './fireside-options.js';

export const data = {
  name: 'remind',
  description: 'Send a reminder of a Fireside Discussion now (moderators)',
  contexts: [InteractionContextType.Guild],
  // Hidden from members by default; a server whose moderator role lacks Manage Events grants it in
  // Server Settings → Integrations. Checked again at run time either way.
  default_member_permissions: PermissionFlagsBits.ManageEvents.toString(),
  options: [
    eventOption,
    {
      type: ApplicationCommandOptionType.String,
      name: 'message',
      description: 'A note added to the reminder',
      max_length: MESSAGE_MAX,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'audience',
      description: 'Who hears it (default: going)',
      choices: [
        { name: 'Going', value: 'going' },
        { name: 'Going and maybe', value: 'going-and-maybe' },
        { name: 'A post in the channel, no pings', value: 'channel' },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const command = defineCommand(data, {
  run: (interaction, options, deps) => remindNow(interaction, deps, options),
  autocomplete: (interaction, focused, deps) => autocompleteEvent(interaction, deps, focused.value),
});
