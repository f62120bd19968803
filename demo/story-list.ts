import { firesideStories } from './fireside-stories.js';
import { libraryStories, type Story } from './stories.js';

/**
 * The order the demo plays them in: the library (where a member asks for a discussion on a page), then a discussion
 * on that page from setup to its start, then a series.
 */
export const stories: readonly Story[] = [...libraryStories, ...firesideStories];
