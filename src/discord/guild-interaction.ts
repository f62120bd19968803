import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  Interaction,
  ModalSubmitInteraction,
  StringSelectMenuInteraction,
} from 'discord.js';

/*
 * Interactions from inside a server. Every command is guild-only: the dispatcher refuses the rest before any
 * handler runs (src/discord/dispatch.ts), so handlers receive these and never check `inGuild()` themselves.
 */
export type GuildCache = 'cached' | 'raw';
export type GuildInteraction = Interaction<GuildCache>;
export type GuildChatInput = ChatInputCommandInteraction<GuildCache>;
export type GuildAutocomplete = AutocompleteInteraction<GuildCache>;
export type GuildButton = ButtonInteraction<GuildCache>;
export type GuildModalSubmit = ModalSubmitInteraction<GuildCache>;
export type GuildStringSelect = StringSelectMenuInteraction<GuildCache>;
