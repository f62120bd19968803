import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { UserError } from '../src/core/errors.js';
import { quoteTyped } from '../src/discord/typed-text.js';
import { modalityMessage, type PageInfo, type SectionKey } from '../src/library/index.js';
import { defineCommand } from './command-kit.js';
import type { Deps } from './deps.js';

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

/** Autocomplete is only a suggestion: the typed value is resolved again here. */
export function resolvePage(deps: Deps, name: string): PageInfo {
  const page = deps.library.find(name);
  if (page) return page;
  const suggestions = deps.library.suggest(name, 3);
  const hint = suggestions.length
    ? ` Did you mean ${suggestions.map((entry) => `**${entry.title}**`).join(', ')}?`
    : ' Try `/library list` to see every page, or `/library search` to search them.';
  throw new UserError(`${quoteTyped(name, 60)} is not in the Healing Library.${hint}`);
}

export function pageSection(page: PageInfo, requested: SectionKey | null): SectionKey {
  const section = requested ?? 'overview';
  if (page.sections.some((entry) => entry.key === section)) return section;
  throw new UserError(
    `The page **${page.title}** has no such section. It has: ${page.sections.map((s) => s.heading).join(', ')}.`,
  );
}

function pageFromButton(deps: Deps, slug: string): PageInfo {
  const page = deps.library.get(slug);
  if (!page)
    throw new UserError('That page has been removed from the library. Try `/library list` to see the current pages.');
  return page;
}

export const command = defineCommand(data, {
  run: async (interaction, options, deps) => {
    const page = resolvePage(deps, options.name);
    await interaction.reply(modalityMessage(deps.library, page, pageSection(page, options.section)));
  },
  autocomplete: async (interaction, focused, deps) => {
    await interaction.respond(deps.library.autocomplete(focused.value));
  },
  components: {
    mod: async (interaction, [slug, section], deps) => {
      const page = pageFromButton(deps, slug);
      await interaction.update(modalityMessage(deps.library, page, pageSection(page, section)));
    },
    open: async (interaction, [slug, section], deps) => {
      const page = pageFromButton(deps, slug);
      await interaction.reply({
        ...modalityMessage(deps.library, page, pageSection(page, section)),
        flags: 'Ephemeral',
      });
    },
  },
});
