import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { explorePage, openTopicPage, showTopicPage, toggleInterest, turnTopicSection } from '../src/topics/index.js';
import { defineCommand } from './command-kit.js';

export const data = {
  name: 'modality',
  description: 'Read a page of the Healing Library',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'name',
      description: 'The modality, e.g. ketamine',
      required: true,
      autocomplete: true,
      max_length: 100,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'section',
      description: 'Which part of the page (default: overview)',
      required: false,
      choices: [
        { name: 'Overview', value: 'overview' },
        { name: 'Advantages', value: 'benefits' },
        { name: 'Disadvantages', value: 'risks' },
        { name: 'Legality', value: 'legality' },
        { name: 'In short', value: 'summary' },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const command = defineCommand(data, {
  run: (interaction, options, deps) => showTopicPage(interaction, deps, options),
  autocomplete: async (interaction, focused, deps) => {
    await interaction.respond(deps.library.autocomplete(focused.value));
  },
  components: {
    mod: (interaction, [slug, section], deps) => turnTopicSection(interaction, deps, slug, section),
    open: (interaction, [slug, section], deps) => openTopicPage(interaction, deps, slug, section),
    explore: (interaction, _args, deps) => explorePage(interaction, deps),
    interest: (interaction, [slug], deps) => toggleInterest(interaction, deps, slug),
  },
});
