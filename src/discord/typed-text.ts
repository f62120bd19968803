/*
 * Text members type (option values, titles) shown back to them, and ids they type or pick from a list.
 */

/** `12`, ` #12 ` → 12; anything else (words, signs, more digits than an id has) → undefined. */
export function parseIdOption(value: string): number | undefined {
  const digits = value.trim().replace(/^#/, '');
  return /^\d{1,15}$/.test(digits) ? Number(digits) : undefined;
}

/**
 * Shortens text to at most `max` characters (UTF-16 units, as Discord counts), ending in "…": at the last space
 * when one lies in the second half, and never inside a surrogate pair (an emoji is kept whole or left out).
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** What a member typed, quoted back in an error: in backticks, shortened, without the characters that would break out of them or format. */
export function quoteTyped(value: string, max: number): string {
  return `\`${clip(value.replace(/[`*_~|\\]/g, ''), max)}\``;
}
