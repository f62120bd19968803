import { type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';
import type { LiveLibrary, ReloadOutcome } from './library.js';
import { PAGES_DIR } from './load-content.js';
import { formatContentError } from './types.js';

export interface LibraryWatchOptions {
  contentDir: string;
  logger: {
    info(obj: object, msg?: string): void;
    warn(obj: object | string, msg?: string): void;
    error(obj: object, msg?: string): void;
  };
  /** How often every file is checked (stat only) in case file-system events were missed. Default 2,000 ms. */
  recheckMs?: number;
  /** How long to wait after an event for the writes that usually follow (an editor saves in steps). Default 50 ms. */
  settleMs?: number;
  /** False: no file-system events, only the periodic re-check (tests of the fallback). */
  events?: boolean;
}

export interface LibraryWatch {
  /** Stops watching and waits for a reload in progress. */
  stop(): Promise<void>;
}

const DEFAULT_RECHECK_MS = 2000;
const DEFAULT_SETTLE_MS = 50;

/**
 * Keeps the library in step with CONTENT_DIR while the bot runs: file-system events on the content folder and its
 * pages folder start a reload of the files they name; a periodic re-check stats every file, for platforms and
 * folders (network drives, a folder replaced as a whole) where events are unreliable.
 */
export function watchLibrary(library: LiveLibrary, options: LibraryWatchOptions): LibraryWatch {
  const { contentDir, logger } = options;
  const pagesDir = join(contentDir, PAGES_DIR);
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  let watchers: FSWatcher[] = [];
  // The page files events named since the last reload; 'all' when every file must be checked.
  let pending: Set<string> | 'all' | undefined;
  let settle: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  // The last problem logged, so a broken page or a missing folder is reported once, not at every re-check.
  let reported = '';
  let eventsRefused = false;

  const request = (files: Set<string> | 'all', delay: number) => {
    if (stopped) return;
    if (files === 'all' || pending === 'all') pending = 'all';
    else pending = new Set([...(pending ?? []), ...files]);
    if (!settle) settle = setTimeout(run, delay);
  };

  function run(): void {
    settle = undefined;
    if (running || !pending) return;
    const files = pending;
    pending = undefined;
    arm();
    running = library
      .reload(files === 'all' ? undefined : files)
      .then(report, failed)
      .finally(() => {
        running = undefined;
        if (pending && !stopped) settle ??= setTimeout(run, settleMs);
      });
  }

  // A reload that throws (the database closed or failing) would throw again at every re-check: logged once per cause.
  function failed(error: unknown): void {
    const key = `failed: ${error instanceof Error ? error.message : String(error)}`;
    if (key === reported) return;
    reported = key;
    logger.error({ err: error }, 'library reload failed; still serving the previous library');
  }

  function report(outcome: ReloadOutcome): void {
    if (outcome.status === 'served') {
      reported = '';
      const { pages, added, changed, removed, ms } = outcome;
      logger.info({ pages, added, changed, removed, ms }, 'library reloaded');
      return;
    }
    if (outcome.status === 'unchanged') {
      if (reported) logger.info({ pages: library.pages.length }, 'library content is valid again, serving it');
      reported = '';
      return;
    }
    if (outcome.status === 'interrupted') {
      logger.warn({ detail: outcome.detail }, 'library reload interrupted by a change; trying again');
      request('all', settleMs);
      return;
    }
    const lines =
      outcome.status === 'missing'
        ? [
            `${outcome.folder} is missing; still serving the previous library (${library.pages.length} pages) until it is back`,
          ]
        : outcome.errors.map(formatContentError);
    // Watchers of a folder that went away watch nothing any more; arm() makes new ones once it is back.
    if (outcome.status === 'missing') disarm();
    const key = lines.join('\n');
    if (key === reported) return;
    reported = key;
    if (outcome.status === 'refused') {
      logger.warn(`library content has errors; still serving the previous library (${library.pages.length} pages)`);
    }
    for (const line of lines) logger.warn(line);
  }

  function arm(): void {
    if (options.events === false || watchers.length === 2) return;
    for (const watcher of watchers) watcher.close();
    watchers = [];
    try {
      const content = watch(contentDir, (_event, name) => {
        // The pages folder itself was removed, renamed or replaced: watch the new one (armed again by run()).
        if (name === PAGES_DIR) disarm();
        request(name === PAGES_DIR ? 'all' : new Set(), settleMs);
      });
      const pages = watch(pagesDir, (_event, name) => request(name ? new Set([name]) : 'all', settleMs));
      for (const watcher of [content, pages]) {
        watchers.push(watcher);
        // A watched folder that is removed ends its watcher; the re-check arms a new one once it is back.
        watcher.on('error', () => disarm());
        watcher.on('close', () => disarm());
      }
    } catch (error) {
      disarm();
      // A missing folder is reported by the reload; anything else (the inotify watch limit, say) once, here.
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      if (code !== 'ENOENT' && !eventsRefused) {
        eventsRefused = true;
        logger.warn(`file-system events unavailable for ${contentDir} (${code}); re-checking the library by polling`);
      }
    }
  }

  function disarm(): void {
    const closing = watchers;
    watchers = [];
    for (const watcher of closing) {
      watcher.removeAllListeners('close');
      watcher.close();
    }
  }

  arm();
  const recheck = setInterval(() => {
    arm();
    request('all', 0);
  }, options.recheckMs ?? DEFAULT_RECHECK_MS);
  recheck.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(recheck);
      clearTimeout(settle);
      disarm();
      await running;
    },
  };
}
