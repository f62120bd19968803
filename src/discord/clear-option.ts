import type { ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../errors.js';

/**
 * The `clear:` option of /setup and /fireside edit: which field to unset, named by the option that sets it.
 * Checked again here (choices are only what Discord shows), and refused when the same option also sets a value.
 */
export function clearedField<const T extends Record<string, string>>(
  options: ChatInputCommandInteraction['options'],
  clearable: T,
): T[keyof T] | undefined {
  const clear = options.getString('clear');
  if (clear === null) return undefined;
  if (!Object.hasOwn(clearable, clear)) {
    const names = Object.keys(clearable).map((name) => `\`${name}\``);
    throw new UserError(`\`clear\` is one of ${names.join(', ')}.`);
  }
  if (options.get(clear) !== null) {
    throw new UserError(`You both set and cleared \`${clear}\`. Do one or the other; nothing was saved.`);
  }
  return clearable[clear as keyof T];
}
