import { firesideStories } from './fireside-stories.js';
import { libraryStories, type Story } from './stories.js';

/** The order the demo plays them in: the library, then a discussion's life from setup to its start, then a series. */
export const stories: readonly Story[] = [...libraryStories, ...firesideStories];
