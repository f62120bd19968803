export { listLibrary, pageLibraryList, searchLibrary } from './browse.js';
export type { LibraryDeps } from './deps.js';
export { cutExcerpt } from './excerpt.js';
export { type LiveLibrary, type LoadLibraryOptions, loadLibrary, type ReloadOutcome } from './library.js';
export { validateContent } from './load-content.js';
export { normaliseName } from './normalise.js';
export { IMPORT_TODO } from './page-schema.js';
export { parsePage } from './parse-page.js';
export { currentPage, pageSection, resolvePage } from './read-page.js';
export {
  type AutocompleteChoice,
  type ContentError,
  type Excerpt,
  formatContentError,
  type Library,
  type PageInfo,
  SECTION_KEYS,
  SECTION_LABELS,
  type SearchHit,
  type SectionKey,
} from './types.js';
export { libraryListMessage } from './views/library.js';
export {
  buttonRow,
  composeModality,
  EXCERPT_MAX_CHARS,
  type ModalityMessage,
  type ModalityParts,
  modalityParts,
} from './views/modality.js';
export { type LibraryWatch, type LibraryWatchOptions, watchLibrary } from './watch-library.js';
