import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import {
  answerCant,
  answerClick,
  answerRsvp,
  askQuestion,
  autocompleteEvent,
  sendCalendarFile,
  submitQuestion,
} from '../src/firesides/index.js';
import { defineCommand } from './command-kit.js';
import { eventOption } from './fireside-options.js';

export const data = {
  name: 'rsvp',
  description: 'Answer a Fireside Discussion: going, maybe or not going',
  contexts: [InteractionContextType.Guild],
  options: [
    eventOption,
    {
      type: ApplicationCommandOptionType.String,
      name: 'status',
      description: 'Your answer',
      required: true,
      choices: [
        { name: 'Going', value: 'going' },
        { name: 'Maybe', value: 'maybe' },
        { name: "Can't go", value: 'no' },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const command = defineCommand(data, {
  run: (interaction, options, deps) => answerRsvp(interaction, deps, options),
  autocomplete: (interaction, focused, deps) => autocompleteEvent(interaction, deps, focused.value),
  components: {
    rsvp: (interaction, [id, choice], deps) => answerClick(interaction, deps, id, choice),
    cant: (interaction, [id], deps) => answerCant(interaction, deps, id),
    ask: (interaction, [id], deps) => askQuestion(interaction, deps, id),
    question: (interaction, [id], deps) => submitQuestion(interaction, deps, id),
    ics: (interaction, [id], deps) => sendCalendarFile(interaction, deps, id),
  },
});
