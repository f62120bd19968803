export type SectionKey = 'overview' | 'benefits' | 'risks' | 'legality' | 'summary';

/** Display order of the sections; a page's sections are always listed in this order. */
export const SECTION_KEYS: readonly SectionKey[] = ['overview', 'benefits', 'risks', 'legality', 'summary'];

/** The `##` heading that introduces each section in a page file. */
export const SECTION_LABELS: Record<SectionKey, string> = {
  overview: 'Overview',
  benefits: 'Advantages',
  risks: 'Disadvantages',
  legality: 'Legality',
  summary: 'In short',
};

export interface PageInfo {
  slug: string;
  title: string;
  aliases: string[];
  summary: string;
  tags: string[];
  source?: string;
  lastReviewed: string;
  sections: { key: SectionKey; heading: string }[];
}

export interface SearchHit {
  slug: string;
  title: string;
  section: SectionKey;
  heading: string;
  /** Discord markdown: the page's words escaped, matched words in **bold**. */
  snippet: string;
}

export interface AutocompleteChoice {
  name: string;
  value: string;
}

export interface Excerpt {
  text: string;
  truncated: boolean;
}

export interface Library {
  /** Sorted by title. */
  readonly pages: readonly PageInfo[];
  readonly healthcareNote: string;
  /**
   * Moves each time the library serves new content (pages, their texts or the note), so that what is built from it
   * may be kept until then.
   */
  readonly version: number;
  get(slug: string): PageInfo | undefined;
  find(name: string): PageInfo | undefined;
  suggest(name: string, limit?: number): PageInfo[];
  autocomplete(input: string): AutocompleteChoice[];
  search(query: string, limit?: number): SearchHit[];
  sectionText(slug: string, section: SectionKey): string | undefined;
  excerpt(slug: string, section: SectionKey, maxChars: number): Excerpt | undefined;
}

/** One problem in the content, printed as `file:line: field: message`. */
export interface ContentError {
  file: string;
  line: number;
  field: string;
  message: string;
}

export function formatContentError(error: ContentError): string {
  return `${error.file}:${error.line}: ${error.field}: ${error.message}`;
}
