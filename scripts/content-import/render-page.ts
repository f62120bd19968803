import { stringify } from 'yaml';
import { IMPORT_TODO, SECTION_KEYS, SECTION_LABELS } from '../../src/library/index.js';
import type { RecognisedPage } from './recognise.js';

/**
 * What the text cannot tell: each is written as a placeholder that content:check refuses with its note, so the
 * editor is told what to fill in (or, for the optional ones, to delete) before the page can go live.
 */
const TODO = {
  title: `${IMPORT_TODO} the page's title, as the website writes it`,
  aliases: `${IMPORT_TODO} other names members may type, from the page's own words (or delete aliases)`,
  summary: `${IMPORT_TODO} one line of at most 100 characters, in the page's own words`,
  tags: `${IMPORT_TODO} up to 10 topic words (or delete tags)`,
  source: `${IMPORT_TODO} the page's address on the website (or delete source when unknown: never guess)`,
  last_reviewed: `${IMPORT_TODO} the date you checked this page against its source, YYYY-MM-DD`,
};

export const SLUG_MAX = 64;

/** "Ketamine Therapy" → "ketamine-therapy": lowercase letters and digits joined by single hyphens. */
export function slugOf(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > SLUG_MAX) break;
    slug = next;
  }
  return slug;
}

/** The page file: front matter, then each section found in the site's order, then what could not be placed. */
export function renderPage(page: RecognisedPage, slug: string): string {
  const front = stringify(
    {
      title: page.title ?? TODO.title,
      slug,
      aliases: [TODO.aliases],
      summary: TODO.summary,
      tags: [TODO.tags],
      source: TODO.source,
      last_reviewed: TODO.last_reviewed,
    },
    { lineWidth: 0 },
  );
  const parts: string[] = [];
  const notes = page.problems.filter((problem) => !problem.unplaced);
  if (notes.length) parts.push(notes.map((problem) => todoLine(problem.line, problem.message)).join('\n'));
  for (const key of SECTION_KEYS) {
    const paragraphs = page.sections[key];
    if (paragraphs) parts.push(`## ${SECTION_LABELS[key]}`, ...paragraphs);
  }
  for (const { heading, line, paragraphs, problem } of page.unplaced) {
    parts.push(`## ${heading}`, todoLine(line, `${problem}: move what follows into a section or delete it`));
    parts.push(...paragraphs);
  }
  return `---\n${front}---\n\n${parts.join('\n\n')}\n`;
}

const todoLine = (line: number, message: string) => `${IMPORT_TODO} line ${line} of the export: ${message}`;
