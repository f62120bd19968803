import type { APIEmbed } from 'discord.js';

/** A message component as the tests read it: a button (link or custom id) or a string select. */
export interface Component {
  type: number;
  style?: number;
  label?: string;
  custom_id?: string;
  disabled?: boolean;
  url?: string;
  placeholder?: string;
  options?: { label: string; value: string; description?: string }[];
}

/** Every component of a message, row after row. */
export const componentsOf = (message: { components?: unknown[] }): Component[] =>
  ((message.components ?? []) as { components: Component[] }[]).flatMap((row) => row.components);

/** The value of an embed's field by its name. */
export const fieldOf = (embed: APIEmbed | undefined, name: string): string | undefined =>
  embed?.fields?.find((f) => f.name === name)?.value;
