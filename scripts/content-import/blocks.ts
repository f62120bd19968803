/** A heading or a paragraph of an export, in reading order, with the line of the export it starts on. */
export interface Block {
  kind: 'heading' | 'paragraph';
  text: string;
  line: number;
}

/**
 * A plain-text export keeps no markup: its paragraphs are separated by blank lines, and a paragraph of one short line
 * that does not end a sentence ("Advantages of Ketamine Therapy") is taken for a heading.
 */
export function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let lines: string[] = [];
  let start = 0;
  const flush = () => {
    if (!lines.length) return;
    const [only] = lines;
    const kind = lines.length === 1 && only !== undefined && looksLikeHeading(only) ? 'heading' : 'paragraph';
    blocks.push({ kind, text: lines.join('\n'), line: start });
    lines = [];
  };
  for (const [index, raw] of text.split(/\r\n|\r|\n/).entries()) {
    const line = raw.trim();
    if (!line) flush();
    else {
      if (!lines.length) start = index + 1;
      lines.push(line);
    }
  }
  flush();
  return blocks;
}

const HEADING_MAX_CHARS = 100;
const HEADING_MAX_WORDS = 12;

/** One short line that does not end a sentence: a heading, or a label such as a link in the site's footer. */
export function looksLikeHeading(line: string): boolean {
  if (line.length > HEADING_MAX_CHARS || line.split(/\s+/).length > HEADING_MAX_WORDS) return false;
  return !/[.,;!…]["'”’)]*$/.test(line);
}
