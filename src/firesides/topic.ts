import { type Library, resolvePage } from '../library/index.js';

/** What fireside code uses of the library: finding a page named by a moderator, and reading it back by slug. */
export type TopicPages = Pick<Library, 'get' | 'find' | 'suggest' | 'autocomplete'>;

/** A discussion's topic: the page's slug, and its title as it was when chosen (kept if the page is removed). */
export interface TopicRef {
  slug: string;
  title: string;
}

/**
 * `topic:` as typed or picked from autocomplete (the slug): resolved like /modality's `name`, so an unknown page, or
 * one removed since the autocomplete offered it, is refused with "did you mean" and nothing is stored.
 */
export function checkTopic(pages: TopicPages, typed: string): TopicRef {
  const page = resolvePage(pages, typed.trim());
  return { slug: page.slug, title: page.title };
}
