import { type Document, isMap, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { normaliseName } from './normalise.js';
import { type FrontMatter, frontMatterSchema, IMPORT_TODO, SECTION_MAX_CHARS } from './page-schema.js';
import { type ContentError, SECTION_KEYS, SECTION_LABELS, type SectionKey } from './types.js';

export interface ParsedSection {
  key: SectionKey;
  heading: string;
  text: string;
}

export interface ParsedPage {
  meta: FrontMatter;
  /** In SECTION_KEYS order. */
  sections: ParsedSection[];
  /** File line of each front-matter name, for errors found across pages. */
  lines: { slug: number; title: number; aliases: number[] };
}

const KEY_BY_LABEL = new Map(SECTION_KEYS.map((key) => [normaliseName(SECTION_LABELS[key]), key]));
const LABEL_LIST = SECTION_KEYS.map((key) => SECTION_LABELS[key]).join(', ');

/** Parses one page file; a page is returned only when it has no errors. */
export function parsePage(file: string, raw: string): { page?: ParsedPage; errors: ContentError[] } {
  const errors: ContentError[] = [];
  const fail = (line: number, field: string, message: string) => errors.push({ file, line, field, message });
  const lines = raw.replace(/^\uFEFF/, '').split(/\r?\n/);

  if (lines[0]?.trimEnd() !== '---') {
    fail(1, 'front matter', 'the file must start with a --- line, then the fields, then another --- line');
    return { errors };
  }
  const close = lines.findIndex((text, index) => index > 0 && /^(?:---|\.\.\.)\s*$/.test(text));
  if (close < 0) {
    fail(1, 'front matter', 'no closing --- line after the fields');
    return { errors };
  }

  const meta = parseFrontMatter(lines.slice(1, close).join('\n'), 1, fail);
  const sections = parseSections(lines, close + 1, fail);
  errors.sort((a, b) => a.line - b.line);
  if (errors.length || !meta || !sections) return { errors };
  return { page: { meta: meta.value, sections, lines: meta.lines }, errors };
}

type Fail = (line: number, field: string, message: string) => void;

function parseFrontMatter(text: string, offset: number, fail: Fail) {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length) {
    for (const error of doc.errors) {
      const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'invalid YAML';
      fail((error.linePos?.[0].line ?? 1) + offset, 'front matter', message);
    }
    return undefined;
  }
  const lineOf = (path: readonly PropertyKey[]) => nodeLine(doc, counter, path) + offset;
  // An alias (`*name`) repeats a value; nested ones multiply it (an "alias bomb"). Front matter never needs one.
  const aliasLines = new Set<number>();
  visit(doc, {
    Alias(_, node) {
      const line = (node.range ? counter.linePos(node.range[0]).line : 1) + offset;
      if (!aliasLines.has(line))
        fail(line, 'front matter', `YAML aliases (*${node.source}) are not allowed: write the value out`);
      aliasLines.add(line);
    },
  });
  if (aliasLines.size) return undefined;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 }) ?? {};
  } catch (error) {
    fail(1 + offset, 'front matter', `cannot be read (${(error as Error).message})`);
    return undefined;
  }
  // A field the importer left to fill gets its own message, not also the schema's about the placeholder.
  const todo = importTodos(data);
  for (const { path, note } of todo) fail(lineOf(path), String(path[0]), `to fill in after content:import: ${note}`);
  const result = frontMatterSchema.safeParse(data);
  if (!result.success || todo.length) {
    for (const issue of result.error?.issues ?? []) {
      if (todo.some(({ path }) => path[0] === issue.path[0])) continue;
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) fail(lineOf([key]), key, `is not a known field (${knownFields})`);
      } else {
        const field = issue.path.map(String).join('.') || 'front matter';
        fail(lineOf(issue.path), field, issue.message);
      }
    }
    return undefined;
  }
  const value = result.data;
  return {
    value,
    lines: {
      slug: lineOf(['slug']),
      title: lineOf(['title']),
      aliases: value.aliases.map((_, index) => lineOf(['aliases', index])),
    },
  };
}

const knownFields = Object.keys(frontMatterSchema.shape).join(', ');

/** Front matter values (or list items) that start with IMPORT_TODO, with the note after it. */
function importTodos(data: unknown): { path: (string | number)[]; note: string }[] {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [];
  const marked = (value: unknown): value is string => typeof value === 'string' && value.startsWith(IMPORT_TODO);
  const note = (value: string) => value.slice(IMPORT_TODO.length).trim();
  return Object.entries(data).flatMap(([key, value]) => {
    if (marked(value)) return [{ path: [key], note: note(value) }];
    const index = Array.isArray(value) ? value.findIndex(marked) : -1;
    return index < 0 ? [] : [{ path: [key, index], note: note((value as string[])[index] as string) }];
  });
}

/** Line (1-based, within the YAML) of the node at `path`, or of its nearest existing parent. */
function nodeLine(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number {
  for (let depth = path.length; depth > 0; depth--) {
    const keys = path.slice(0, depth);
    const node = doc.getIn(keys, true);
    if (isScalar(node) || (node && typeof node === 'object' && 'range' in node && node.range)) {
      return counter.linePos((node as { range: [number] }).range[0]).line;
    }
    // A key whose value is missing (`title:`) has no value node; point at the key itself.
    const parent = depth === 1 ? doc.contents : doc.getIn(keys.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === keys.at(-1));
      if (pair && isScalar(pair.key) && pair.key.range) return counter.linePos(pair.key.range[0]).line;
    }
  }
  return 1;
}

function parseSections(lines: string[], start: number, fail: Fail): ParsedSection[] | undefined {
  const found = new Map<SectionKey, { line: number; body: string[] }>();
  let current: { line: number; body: string[] } | undefined;
  let strayReported = false;
  let ok = true;

  for (let index = start; index < lines.length; index++) {
    const text = (lines[index] as string).trimEnd();
    const lineNo = index + 1;
    if (text.startsWith(IMPORT_TODO)) {
      fail(lineNo, 'sections', `left by content:import: ${text.slice(IMPORT_TODO.length).trim()}`);
      ok = false;
      current?.body.push(text);
      continue;
    }
    const label = headingLabel(text);
    if (label !== undefined) {
      const key = KEY_BY_LABEL.get(normaliseName(label));
      if (!key) {
        fail(lineNo, 'sections', `unknown heading "## ${label}" (the headings are: ${LABEL_LIST})`);
        ok = false;
        current = { line: lineNo, body: [] };
      } else if (found.has(key)) {
        fail(lineNo, 'sections', `"## ${SECTION_LABELS[key]}" appears twice (first at line ${found.get(key)?.line})`);
        ok = false;
        current = { line: lineNo, body: [] };
      } else {
        current = { line: lineNo, body: [] };
        found.set(key, current);
      }
      continue;
    }
    if (current) current.body.push(text);
    else if (text.trim() && !strayReported) {
      fail(
        lineNo,
        'sections',
        'text before the first ## heading (start each section with a heading such as ## Overview)',
      );
      strayReported = true;
      ok = false;
    }
  }

  const sections: ParsedSection[] = [];
  for (const [key, section] of found) {
    const text = sectionText(section.body);
    if (!text) {
      fail(section.line, 'sections', `"## ${SECTION_LABELS[key]}" is empty`);
      ok = false;
    } else if (text.length > SECTION_MAX_CHARS) {
      const size = `is ${text.length} characters, at most ${SECTION_MAX_CHARS}`;
      fail(section.line, 'sections', `"## ${SECTION_LABELS[key]}" ${size} (link the full text as the page's source)`);
      ok = false;
    }
    sections.push({ key, heading: SECTION_LABELS[key], text });
  }
  if (!found.has('overview')) {
    fail(start + 1, 'sections', 'the page has no "## Overview" section');
    ok = false;
  }
  if (!ok) return undefined;
  return sections.sort((a, b) => SECTION_KEYS.indexOf(a.key) - SECTION_KEYS.indexOf(b.key));
}

/**
 * The label of a `## Label ##` line (closing hashes optional), or undefined for any other line. Written without a
 * regular expression: the one it replaces backtracked cubically on a heading with a long run of spaces inside.
 */
function headingLabel(line: string): string | undefined {
  if (!line.startsWith('##') || line.startsWith('###')) return undefined;
  let end = line.length;
  while (end > 2 && line[end - 1] === '#') end--;
  return line.slice(2, end).trim();
}

/** Lines are kept as written (Discord shows a single newline as a line break); runs of blank lines become one. */
function sectionText(body: string[]): string {
  return body
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
