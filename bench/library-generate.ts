import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const TITLE_SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ra',
  'su',
  've',
  'no',
  'ti',
  'ba',
  'de',
  'fu',
  'ge',
  'ho',
  'ji',
  'pe',
  'zu',
];
const ALIAS_SYLLABLES = ['xan', 'qor', 'wel', 'yim', 'vus', 'kre', 'plo', 'dra', 'sni', 'tho', 'gla', 'bru'];
const NOUNS = ['Therapy', 'Breathwork', 'Meditation', 'Massage', 'Healing', 'Ritual', 'Practice', 'Bodywork'];
const SECTIONS: [heading: string, share: number][] = [
  ['Overview', 0.2],
  ['Advantages', 0.25],
  ['Disadvantages', 0.25],
  ['Legality', 0.15],
  ['In short', 0.15],
];

/** Small, fast, deterministic PRNG (mulberry32), so every run writes the same library. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A distinct word for every number: its digits in base `syllables.length`. */
function encode(value: number, syllables: readonly string[], minLength: number): string {
  let word = '';
  let rest = value;
  for (let digit = 0; digit < minLength || rest > 0; digit++) {
    word += syllables[rest % syllables.length];
    rest = Math.floor(rest / syllables.length);
  }
  return word;
}

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

function vocabulary(size: number): string[] {
  const next = random(7);
  const consonants = 'bcdfghklmnprstvwz';
  const vowels = 'aeiou';
  const words = new Set<string>(['healing', 'breath', 'anxiety', 'depression', 'calm', 'sleep', 'trauma', 'body']);
  while (words.size < size) {
    let word = '';
    const syllables = 1 + Math.floor(next() * 3);
    for (let index = 0; index < syllables; index++) {
      word += consonants[Math.floor(next() * consonants.length)];
      word += vowels[Math.floor(next() * vowels.length)];
    }
    if (next() < 0.5) word += consonants[Math.floor(next() * consonants.length)];
    words.add(word);
  }
  return [...words];
}

export const VOCABULARY = vocabulary(8000);

/** Roughly Zipfian: low indexes (common words) far more often than high ones, as in real prose. */
export function pickWord(next: () => number): string {
  return VOCABULARY[Math.floor(VOCABULARY.length ** next()) - 1] as string;
}

export function generatedTitle(index: number): string {
  return `${capital(encode(index, TITLE_SYLLABLES, 3))} ${NOUNS[index % NOUNS.length]}`;
}

export function generatedAlias(index: number): string {
  return capital(encode(index, ALIAS_SYLLABLES, 3));
}

function paragraphs(next: () => number, words: number): string {
  const out: string[] = [];
  let sentences: string[] = [];
  let left = words;
  while (left > 0) {
    const length = Math.min(left, 8 + Math.floor(next() * 14));
    const sentence: string[] = [];
    for (let index = 0; index < length; index++) sentence.push(pickWord(next));
    sentences.push(`${capital(sentence.join(' '))}.`);
    left -= length;
    if (sentences.length >= 4 + Math.floor(next() * 4)) {
      out.push(sentences.join(' '));
      sentences = [];
    }
  }
  if (sentences.length) out.push(sentences.join(' '));
  return out.join('\n\n');
}

export function generatedPage(index: number, wordsPerPage: number): { slug: string; text: string } {
  const next = random(index + 1);
  const title = generatedTitle(index);
  const slug = title.toLowerCase().replace(/ /g, '-');
  const front = [
    '---',
    `title: ${title}`,
    `slug: ${slug}`,
    'aliases:',
    `  - ${generatedAlias(index)}`,
    `summary: ${capital(pickWord(next))} ${pickWord(next)} ${pickWord(next)} for ${pickWord(next)}`,
    'tags:',
    `  - ${pickWord(next)}`,
    'last_reviewed: 2025-01-15',
    '---',
  ].join('\n');
  const body = SECTIONS.map(
    ([heading, share]) => `## ${heading}\n\n${paragraphs(next, Math.max(1, Math.round(wordsPerPage * share)))}`,
  );
  return { slug, text: `${front}\n\n${body.join('\n\n')}\n` };
}

/** Writes `pages` valid pages (and a healthcare note) under `dir`, the layout of `content/`. */
export async function generateLibrary(dir: string, pages: number, wordsPerPage: number): Promise<void> {
  const pagesDir = join(dir, 'modalities');
  await mkdir(pagesDir, { recursive: true });
  await writeFile(join(dir, 'healthcare-note.md'), 'Consult a qualified healthcare professional.\n');
  const batch = 32;
  for (let start = 0; start < pages; start += batch) {
    const writes: Promise<void>[] = [];
    for (let index = start; index < Math.min(pages, start + batch); index++) {
      const { slug, text } = generatedPage(index, wordsPerPage);
      writes.push(writeFile(join(pagesDir, `${slug}.md`), text));
    }
    await Promise.all(writes);
  }
}
