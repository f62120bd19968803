import { UserError } from '../core/errors.js';

/**
 * The `clear:` option of /setup and /fireside edit: which field to unset, named by the option that sets it (its
 * choices are checked by the command kit, and each must name an option of the same subcommand: a type error
 * otherwise). Refused when the same option also sets a value.
 */
export function clearedField<const K extends string, const V extends string>(
  options: { readonly clear: K | null } & { readonly [name in K]: unknown },
  clearable: Readonly<Record<K, V>>,
): V | undefined {
  const { clear } = options;
  if (clear === null) return undefined;
  if (options[clear] !== null) {
    throw new UserError(`You both set and cleared \`${clear}\`. Do one or the other; nothing was saved.`);
  }
  return clearable[clear];
}
