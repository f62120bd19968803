import { IDS, type Json } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempContent } from '../library/helpers.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * /library search for words FTS5 splits otherwise than the bot (an Indic vowel sign, Cyrillic й) and for a page
 * pasted with a ligature, through the real bot and the emulator.
 */
describe('searching pages in other scripts and pasted text, through the real discord.js client', () => {
  let harness: Harness;
  beforeAll(async () => {
    const contentDir = tempContent([
      { slug: 'yoga', title: 'Yoga', body: '## Overview\n\nयोग, a practice of breath.\n' },
      { slug: 'tea', title: 'Tea Ceremony', body: '## Overview\n\nЧай, served slowly.\n' },
      { slug: 'pasted', title: 'Pasted', body: '## Overview\n\nA ﬁne print from a PDF.\n' },
    ]);
    harness = await startHarness({ env: { CONTENT_DIR: contentDir } });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const search = async (query: string) => {
    const result = await harness.emulator.command({
      name: 'library',
      subcommand: 'search',
      options: [{ name: 'query', value: query }],
      userId: IDS.member,
    });
    expect(result.ephemeral).toBe(true);
    return (result.callback?.data.embeds[0].fields ?? []) as Json[];
  };

  it('finds each page by its word as typed, and quotes the page as written', async () => {
    const [yoga] = await search('योग');
    expect(yoga?.name).toContain('Yoga');
    expect(yoga?.value).toContain('**योग**');
    const [tea] = await search('чай');
    expect(tea?.name).toContain('Tea Ceremony');
    const [pasted] = await search('fine');
    expect(pasted?.name).toContain('Pasted');
    expect(pasted?.value).toContain('ﬁne');
  });

  it('sent only requests that Discord’s OpenAPI description accepts', () => {
    expect(harness.emulator.requests.length).toBeGreaterThan(3);
    expect(harness.emulator.validationErrors).toEqual([]);
  });
});
