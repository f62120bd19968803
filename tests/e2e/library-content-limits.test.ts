import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { IDS } from '@healing-library/discord-emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_MAX_BYTES, SECTION_MAX_CHARS } from '../../src/library/page-schema.js';
import { SNIPPET_WORDS } from '../../src/library/snippet.js';
import { EXCERPT_MAX_CHARS } from '../../src/library/views/modality.js';
import { pageText, tempContent } from '../library/helpers.js';
import { hasLoneSurrogate } from '../library/unicode.js';
import { type Harness, startHarness } from '../support/harness.js';

const overview = (text: string) => `## Overview\n\n${text}\n`;

describe('library content at its limits, through the real bot and the emulator', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('refuses to start on a page too large, an alias bomb or a symbolic link, naming file and line', async () => {
    // The 500 kB page of one word that made a search hold the bot for seconds is refused before anything reads it.
    const dir = tempContent([
      { slug: 'fine' },
      { slug: 'huge', body: overview('calm '.repeat(100_000)) },
      { slug: 'bomb', extraFront: 'source: &a https://example.org\naliases:\n  - *a\n' },
    ]);
    const page = (name: string) => join(dir, 'modalities', name);
    symlinkSync(page('fine.md'), page('link.md'));
    const failure = startHarness({ env: { CONTENT_DIR: dir } });
    await expect(failure).rejects.toThrow(`${page('link.md')}:1: page: is a symbolic link`);
    await expect(failure).rejects.toThrow(`${page('huge.md')}:1: page: is 500`);
    await expect(failure).rejects.toThrow(`at most ${PAGE_MAX_BYTES}`);
    await expect(failure).rejects.toThrow(`${page('bomb.md')}:10: front matter: YAML aliases (*a) are not allowed`);
  });

  it('shows a page whose source is as long as a link button allows, and refuses to start on a longer one', async () => {
    // A 513-character source made every view of the page fail: Discord refuses the Full page button's url.
    const source = (length: number) => `source: https://example.org/${'a'.repeat(length - 20)}\n`;
    const long = tempContent([{ slug: 'long', extraFront: source(513) }]);
    await expect(startHarness({ env: { CONTENT_DIR: long } })).rejects.toThrow(
      `${join(long, 'modalities', 'long.md')}:8: source: must be at most 512 characters as a URL, spaces and letters outside ASCII %-encoded (is 513)`,
    );
    harness = await startHarness({
      env: { CONTENT_DIR: tempContent([{ slug: 'longest', extraFront: source(512) }]) },
    });
    const result = await harness.emulator.command({
      name: 'modality',
      options: [{ name: 'name', value: 'longest' }],
      userId: IDS.member,
    });
    const buttons = result.callback?.data.components.flatMap((row: { components: unknown[] }) => row.components);
    expect(buttons).toContainEqual(
      expect.objectContaining({ label: 'Full page', url: expect.stringMatching(/^.{512}$/) }),
    );
    expect(harness.emulator.validationErrors).toEqual([]);
  });

  it('shows a page whose source was written with a space and a letter outside ASCII, as Discord takes a URL', async () => {
    // Sent as written, its button and embed URL failed Discord's format: uri, and every view with them.
    harness = await startHarness({
      env: {
        CONTENT_DIR: tempContent([{ slug: 'p', extraFront: 'source: https://example.org/Ketamine Therapy/é\n' }]),
      },
    });
    const result = await harness.emulator.command({ name: 'modality', options: [{ name: 'name', value: 'p' }] });
    const buttons = result.callback?.data.components.flatMap((row: { components: unknown[] }) => row.components);
    expect(buttons).toContainEqual(
      expect.objectContaining({ label: 'Full page', url: 'https://example.org/Ketamine%20Therapy/%C3%A9' }),
    );
    expect(harness.emulator.validationErrors).toEqual([]);
  });

  it('answers a search over the longest sections accepted with a short snippet of whole words', async () => {
    const longest = 'calm '.repeat(SECTION_MAX_CHARS / 5).trim();
    harness = await startHarness({ env: { CONTENT_DIR: tempContent([{ slug: 'calm', body: overview(longest) }]) } });
    const result = await harness.emulator.command({
      name: 'library',
      subcommand: 'search',
      options: [{ name: 'query', value: 'calm' }],
      userId: IDS.member,
    });
    expect(result.callback?.data.embeds[0].fields[0].value).toBe(`${'**calm** '.repeat(SNIPPET_WORDS).trim()}…`);
  });

  it('cuts an excerpt without spaces between whole emoji, never inside one', async () => {
    // 2 UTF-16 units each, so a cut at an odd index used to leave half an emoji before the ellipsis.
    const emoji = '🙂'.repeat(EXCERPT_MAX_CHARS / 2 + 100);
    harness = await startHarness({ env: { CONTENT_DIR: tempContent([{ slug: 'smile', body: overview(emoji) }]) } });
    const result = await harness.emulator.command({
      name: 'modality',
      options: [{ name: 'name', value: 'smile' }],
      userId: IDS.member,
    });
    const description: string = result.callback?.data.embeds[0].description;
    const excerpt = description.split('\n\n')[0] as string;
    expect(hasLoneSurrogate(description)).toBe(false);
    expect(excerpt).toMatch(/^(🙂)+…$/u);
    expect(excerpt.length).toBeLessThanOrEqual(EXCERPT_MAX_CHARS);
    expect(pageText({ slug: 'smile', body: overview(emoji) })).toContain(excerpt.slice(0, -1));
  });
});
