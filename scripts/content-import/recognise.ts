import { SECTION_KEYS, type SectionKey } from '../../src/library/index.js';
import { type Block, looksLikeHeading } from './blocks.js';

/** Something the importer could not place with confidence, at a line of the export. */
export interface Problem {
  line: number;
  message: string;
  /** Its paragraphs are kept apart under their heading (`RecognisedPage.unplaced`). */
  unplaced?: boolean;
}

/** Paragraphs under a heading no section takes, kept in the order of the export so an editor can place them. */
export interface Unplaced {
  heading: string;
  line: number;
  problem: string;
  paragraphs: string[];
}

export interface RecognisedPage {
  title?: string;
  sections: Partial<Record<SectionKey, string[]>>;
  unplaced: Unplaced[];
  problems: Problem[];
}

/** The site's name above every page, and the blurbs under it: never the page's own text. */
const SITE_NAME = 'healing library';
const FOOTER_STARTS = ['explore more healing modalities', 'join intimate conversations', 'fireside discussions'];
/** The footer's text under its headings. */
const FOOTER_TEXT = [...FOOTER_STARTS, 'join live and interactive discussions'];

/** The site's headings for each section ("Advantages of Ketamine Therapy"), a trailing colon aside. */
const HEADINGS: [SectionKey, RegExp][] = [
  ['overview', /^(overview|introduction)$/i],
  ['benefits', /^(the )?(advantages|benefits|pros)( of\b.*)?$/i],
  ['risks', /^(the )?(disadvantages|risks|downsides|drawbacks|limitations|cons)( of\b.*)?$/i],
  ['legality', /^((the )?(legality|legal status)( of\b.*)?|is\b.*\blegal\??)$/i],
  ['summary', /^(in short|in summary|summary|conclusion|in conclusion)$/i],
];

/**
 * The export loses some headings: its legality part and its closing summary start without one. They are known by
 * their first words, and only after the sections the site puts before them.
 */
function leadOf(paragraph: string, title: string | undefined): SectionKey | undefined {
  if (/^the (legality|legal status) of\b/i.test(paragraph)) return 'legality';
  if (/^(in short|in summary|in conclusion|to sum up|overall),/i.test(paragraph)) return 'summary';
  // The page's recap: "Ketamine therapy offers several benefits, including …".
  const recap = /^(offers|provides|has) (several|many|a number of|some) (benefits|advantages)\b/i;
  if (title && paragraph.toLowerCase().startsWith(`${title.toLowerCase()} `)) {
    if (recap.test(paragraph.slice(title.length + 1))) return 'summary';
  }
  return undefined;
}

export function headingKey(heading: string): SectionKey | undefined {
  const text = heading.replace(/:$/, '').trim();
  return HEADINGS.find(([, pattern]) => pattern.test(text))?.[0];
}

const startsWithAny = (text: string, starts: string[]) => starts.some((start) => text.toLowerCase().startsWith(start));

/** A heading or a one-line blurb starting with one of the footer's phrases; never a sentence of the page. */
const footerBlurb = (block: Block) =>
  startsWithAny(block.text, FOOTER_STARTS) && (block.kind === 'heading' || looksLikeHeading(block.text));
/** Inside the footer: its phrases, and short labels such as the links to other pages; never a heading of the page. */
const footerPart = (block: Block) =>
  startsWithAny(block.text, FOOTER_TEXT) || (looksLikeHeading(block.text) && !headingKey(block.text));

/**
 * Sorts the blocks of an export into the page's sections; `problems` lists whatever could not be placed. The site's
 * footer is left out only from a footer heading or blurb that comes after the page's last section starts: the same
 * words earlier are the page's own (or an unknown heading, listed), and text after the footer that is not the
 * footer's is listed, never dropped.
 */
export function recognise(all: Block[]): RecognisedPage {
  const blocks = all.filter((block, index) => !(index === 0 && block.text.toLowerCase() === SITE_NAME));
  const page: RecognisedPage = { sections: {}, unplaced: [], problems: [] };
  const problem = (line: number, message: string) => page.problems.push({ line, message });
  const at = (key: SectionKey) => SECTION_KEYS.indexOf(key);

  const [first] = blocks;
  if (first?.kind === 'heading' && !headingKey(first.text)) {
    page.title = first.text;
    blocks.shift();
  } else {
    problem(first?.line ?? 1, 'no title: the page should start with its title on a line of its own');
  }

  let current: string[] = [];
  let key: SectionKey | undefined;
  const headingLines: Partial<Record<SectionKey, number>> = {};
  const start = (next: SectionKey, line?: number) => {
    key = next;
    current = [];
    page.sections[next] = current;
    if (line !== undefined) headingLines[next] = line;
  };
  const leaveOut = (block: Block, why: string) => {
    page.problems.push({ line: block.line, message: why, unplaced: true });
    key = undefined;
    current = [];
    page.unplaced.push({ heading: block.text, line: block.line, problem: why, paragraphs: current });
  };
  const startsSection = (block: Block) =>
    (block.kind === 'heading' ? headingKey(block.text) : leadOf(block.text, page.title)) !== undefined;
  const lastSection = blocks.length - 1 - [...blocks].reverse().findIndex(startsSection);
  const footer = blocks.findIndex((block, index) => index > lastSection && footerBlurb(block));
  let afterFooter: string[] | undefined;
  const keepAfterFooter = (block: Block, footer: number) => {
    const why = `page text after the site's footer (line ${footer}) would be left out`;
    page.problems.push({ line: block.line, message: why, unplaced: true });
    if (!afterFooter) {
      afterFooter = [];
      page.unplaced.push({
        heading: "After the site's footer",
        line: block.line,
        problem: why,
        paragraphs: afterFooter,
      });
    }
    afterFooter.push(block.text);
  };
  start('overview');
  for (const [index, block] of blocks.entries()) {
    if (footer >= 0 && index >= footer) {
      if (!footerPart(block)) keepAfterFooter(block, blocks[footer]?.line ?? block.line);
      continue;
    }
    if (block.kind === 'heading') {
      const next = headingKey(block.text);
      const overviewHeading = next === 'overview' && key === 'overview' && !current.length;
      const early = footerBlurb(block) ? ` (the site's footer is left out only after the page's last section)` : '';
      if (!next) leaveOut(block, `unknown heading "${block.text}": it fits none of the sections${early}`);
      else if (page.sections[next] && !overviewHeading)
        leaveOut(block, `heading "${block.text}" starts a section the page already has`);
      else start(next, block.line);
      continue;
    }
    const lead = leadOf(block.text, page.title);
    if (lead && key && at(lead) > at(key) && !page.sections[lead]) start(lead);
    current.push(block.text);
  }

  for (const section of SECTION_KEYS) {
    if (page.sections[section]?.length) continue;
    delete page.sections[section];
    const line = headingLines[section];
    if (line !== undefined) problem(line, 'a heading with no paragraphs under it');
  }
  if (!page.sections.overview && headingLines.overview === undefined) {
    problem(blocks[0]?.line ?? first?.line ?? 1, 'no overview: no paragraphs between the title and the first heading');
  }
  page.problems.sort((a, b) => a.line - b.line);
  return page;
}

/** A page of the library has at least one of the sections after the overview; anything else is another document. */
export function isLibraryPage(page: RecognisedPage): boolean {
  return SECTION_KEYS.some((key) => key !== 'overview' && page.sections[key]);
}
