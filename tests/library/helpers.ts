import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export interface PageSpec {
  slug: string;
  title?: string;
  aliases?: string[];
  summary?: string;
  extraFront?: string;
  body?: string;
}

export function pageText(spec: PageSpec): string {
  const aliases = spec.aliases?.length ? `aliases:\n${spec.aliases.map((alias) => `  - ${alias}`).join('\n')}\n` : '';
  return `---
title: ${spec.title ?? spec.slug}
slug: ${spec.slug}
${aliases}summary: ${spec.summary ?? 'A short line'}
tags:
  - test
last_reviewed: 2025-03-01
${spec.extraFront ?? ''}---

${spec.body ?? '## Overview\n\nSome words about this page.\n'}`;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A content directory in the system temp folder (never under content/), removed after the test. */
export function tempContent(
  pages: (PageSpec | [file: string, text: string])[],
  note = 'Consult a professional.',
): string {
  const dir = mkdtempSync(join(tmpdir(), 'library-test-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'modalities'));
  writeFileSync(join(dir, 'healthcare-note.md'), note);
  for (const page of pages) {
    const [file, text] = Array.isArray(page) ? page : [`${page.slug}.md`, pageText(page)];
    writeFileSync(join(dir, 'modalities', file), text);
  }
  return dir;
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'library-test-'));
  dirs.push(dir);
  return dir;
}
