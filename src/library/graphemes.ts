const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * The largest index at or before `at` that splits no character as readers see it (a grapheme cluster: an emoji
 * with its skin tone or joined family, a letter with its accents), so a cut text never ends in half a surrogate
 * pair or a stray accent. Only `text` up to the code point at `at` matters, so callers may pass a prefix ending just
 * after it.
 */
export function graphemeBoundary(text: string, at: number): number {
  if (at <= 0) return 0;
  if (at >= text.length) return text.length;
  return segmenter.segment(text).containing(at)?.index ?? at;
}

/** `at`, or one less when `at` would split a surrogate pair (an emoji, say) in two. */
export function codePointBoundary(text: string, at: number): number {
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff ? at - 1 : at;
}
