import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { openDatabase } from '../src/db/open.js';
import { type LiveLibrary, loadLibrary, type ReloadOutcome, watchLibrary } from '../src/library/index.js';
import { autocompleteInputs, searchQueries, seeded } from './library.bench.js';
import { generatedPage, generateLibrary } from './library-generate.js';
import { percentile, round } from './stats.js';

const CHANGES = 20;
const WARMUP = 300;

/** Page `index` with a new first sentence, so its words and its hash change. */
function changePage(contentDir: string, index: number, words: number, round: number): string {
  const { slug, text } = generatedPage(index, words);
  const file = `${slug}.md`;
  writeFileSync(
    join(contentDir, 'modalities', file),
    text.replace('## Overview\n\n', `## Overview\n\nRevision ${round} notes. `),
  );
  return file;
}

/** Members' queries answered while a reload runs, each timed alone (they interleave at the reload's awaits). */
async function queriesDuring(reload: Promise<ReloadOutcome>, queries: string[], run: (query: string) => unknown) {
  const samples: number[] = [];
  let done = false;
  const finished = reload.finally(() => {
    done = true;
  });
  for (let at = 0; !done; at++) {
    const query = queries[at % queries.length] as string;
    const start = performance.now();
    run(query);
    samples.push(performance.now() - start);
    if (at % 10 === 9) await yieldToLoop();
  }
  const outcome = await finished;
  if (outcome.status !== 'served' || outcome.changed !== 1) throw new Error(`reload: ${JSON.stringify(outcome)}`);
  return samples;
}

/** The floor of queriesDuring: `count` queries timed alone, yielding as often, with nothing else running. */
async function queriesAlone(queries: string[], run: (query: string) => unknown, count: number) {
  const samples: number[] = [];
  for (let at = 0; at < count; at++) {
    const query = queries[at % queries.length] as string;
    const start = performance.now();
    run(query);
    samples.push(performance.now() - start);
    if (at % 10 === 9) await yieldToLoop();
  }
  return samples;
}

const figure = (samples: number[]) => `${round(percentile(samples, 50), 3)} / ${round(percentile(samples, 99), 3)}`;

/**
 * One page of a large library changed while the bot serves it: the time from the change being noticed (the file
 * named by a file-system event) to the new page being served, the longest stretch a reload holds the event loop,
 * and autocomplete and search latency while reloads run. Generated pages go to a temp folder, never content/.
 */
export async function benchLibraryReload(opts: {
  pages: number;
  words: number;
}): Promise<Record<string, number | string>> {
  const root = mkdtempSync(join(tmpdir(), 'library-reload-bench-'));
  try {
    const contentDir = join(root, 'content');
    await generateLibrary(contentDir, opts.pages, opts.words);
    const db = openDatabase(join(root, 'library.sqlite'));
    const library: LiveLibrary = await loadLibrary({ db, contentDir });
    const next = seeded(777);
    const pick = () => Math.floor(next() * opts.pages);

    const noticedToServed: number[] = [];
    const blocked = monitorEventLoopDelay({ resolution: 1 });
    blocked.enable();
    for (let change = 0; change < CHANGES; change++) {
      const file = changePage(contentDir, pick(), opts.words, change);
      const start = performance.now();
      const outcome = await library.reload(new Set([file]));
      noticedToServed.push(performance.now() - start);
      if (outcome.status !== 'served' || outcome.changed !== 1) throw new Error(`reload: ${JSON.stringify(outcome)}`);
    }
    blocked.disable();

    const autocomplete: number[] = [];
    const search: number[] = [];
    const inputs = autocompleteInputs(opts.pages, next);
    const queries = searchQueries(opts.pages, next);
    // Untimed first, as the floor below is measured warm: timed cold, the first calls of autocomplete (while the JIT
    // compiled it) took 2-15 ms each, and those dozen were autocomplete's p99 while reloading (3 Dec).
    const cold: number[] = [];
    for (let at = 0; at < WARMUP; at++) {
      const start = performance.now();
      library.autocomplete(inputs[at % inputs.length] as string);
      if (at < 20) cold.push(performance.now() - start);
      library.search(queries[at % queries.length] as string, 5);
    }
    for (let change = 0; change < CHANGES; change++) {
      const kind = change % 2 === 0;
      const file = changePage(contentDir, pick(), opts.words, CHANGES + change);
      const reload = library.reload(new Set([file]));
      if (kind) autocomplete.push(...(await queriesDuring(reload, inputs, (input) => library.autocomplete(input))));
      else search.push(...(await queriesDuring(reload, queries, (query) => library.search(query, 5))));
    }

    // The floor: the same queries, as many, timed the same way with no reload running, in alternating rounds.
    const searchAlone: number[] = [];
    const autocompleteAlone: number[] = [];
    for (let round = 0; round < CHANGES; round++) {
      const [list, run, into] =
        round % 2 === 0
          ? [inputs, (input: string) => library.autocomplete(input), autocompleteAlone]
          : [queries, (query: string) => library.search(query, 5), searchAlone];
      into.push(
        ...(await queriesAlone(list, run, Math.ceil((round % 2 === 0 ? autocomplete : search).length / (CHANGES / 2)))),
      );
    }

    // The periodic re-check, which stats every file because events may have been missed.
    changePage(contentDir, pick(), opts.words, 2 * CHANGES);
    let start = performance.now();
    await library.reload();
    const fullRecheckMs = Math.round(performance.now() - start);
    const idleRecheck: number[] = [];
    const recheckStall = monitorEventLoopDelay({ resolution: 1 });
    recheckStall.enable();
    for (let recheck = 0; recheck < 5; recheck++) {
      start = performance.now();
      await library.reload();
      idleRecheck.push(performance.now() - start);
    }
    recheckStall.disable();

    // The whole path through the watcher: the write, the event, the settle delay, the reload.
    const logger = { info() {}, warn() {}, error() {} };
    const watch = watchLibrary(library, { contentDir, logger });
    const writeToServed: number[] = [];
    for (let change = 0; change < 5; change++) {
      const index = pick();
      const slug = generatedPage(index, 1).slug;
      const marker = `Revision ${3 * CHANGES + change} notes.`;
      start = performance.now();
      changePage(contentDir, index, opts.words, 3 * CHANGES + change);
      while (!library.sectionText(slug, 'overview')?.startsWith(marker)) await new Promise((r) => setTimeout(r, 1));
      writeToServed.push(performance.now() - start);
    }
    await watch.stop();
    db.close();

    return {
      pages: opts.pages,
      wordsPerPage: opts.words,
      'one page changed, noticed → served: p50 / max (ms, target ≤ 200)': `${round(percentile(noticedToServed, 50), 1)} / ${round(Math.max(...noticedToServed), 1)}`,
      'longest event-loop stall during those reloads (ms)': round(blocked.max / 1e6, 1),
      'autocomplete while reloading: p50 / p99 (ms, target < 2)': figure(autocomplete),
      'search while reloading: p50 / p99 (ms, target < 2)': figure(search),
      'same queries with no reload: autocomplete / search p99 (ms)': `${round(percentile(autocompleteAlone, 99), 3)} / ${round(percentile(searchAlone, 99), 3)}`,
      'first 20 autocompletes after start, JIT cold (left out above): median / max (ms)': `${round(percentile(cold, 50), 3)} / ${round(Math.max(...cold), 3)}`,
      'queries timed while reloading (autocomplete, search)': `${autocomplete.length}, ${search.length}`,
      'periodic re-check with one page changed (ms)': fullRecheckMs,
      'periodic re-check with nothing changed: p50 (ms), longest event-loop stall (ms)': `${round(percentile(idleRecheck, 50), 0)}, ${round(recheckStall.max / 1e6, 1)}`,
      'through the watcher, write → served: p50 / max (ms, incl. 50 ms settle)': `${round(percentile(writeToServed, 50), 1)} / ${round(Math.max(...writeToServed), 1)}`,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
