export { listLibrary, pageLibraryList, searchLibrary } from './browse.js';
export type { LibraryDeps } from './deps.js';
export { cutExcerpt } from './excerpt.js';
export { type LoadLibraryOptions, loadLibrary } from './library.js';
export { validateContent } from './load-content.js';
export { normaliseName } from './normalise.js';
export { openPage, resolvePage, showModality, turnToSection } from './read-page.js';
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
