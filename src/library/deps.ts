import type { Library } from './types.js';

/** What the library's handlers use of the deps every handler gets. */
export interface LibraryDeps {
  readonly library: Library;
}
