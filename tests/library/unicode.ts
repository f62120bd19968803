/** Half of a surrogate pair without its other half: what a cut in the middle of an emoji leaves. */
export function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** The page text quoted in a snippet: markdown escapes undone, bold marks dropped, split where "…" left text out. */
export function textPieces(snippet: string): string[] {
  const pieces = [''];
  for (let at = 0; at < snippet.length; at++) {
    const char = snippet[at] as string;
    if (char === '\\') pieces[pieces.length - 1] += snippet[++at] ?? '';
    else if (snippet.startsWith('**', at)) at++;
    else if (char === '…') pieces.push('');
    else pieces[pieces.length - 1] += char;
  }
  return pieces.map((piece) => piece.trim()).filter(Boolean);
}
