import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../src/library/types.js';
import { searchResultsMessage } from '../../src/library/views/library.js';

const NOTE = 'Consult a healthcare professional. '.repeat(40).slice(0, 1000);

/** What Discord counts toward its 6,000 characters across a message's embeds. */
function embedChars(embed: APIEmbed) {
  const fields = (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    fields
  );
}

describe('the search results message', () => {
  it('ends with the healthcare note, under the passages', () => {
    const hit: SearchHit = {
      slug: 'a',
      title: 'A',
      section: 'overview',
      heading: 'Overview',
      snippet: 'a **calm** day',
    };
    const embed = searchResultsMessage('calm', [hit], NOTE).embeds[0] as APIEmbed;
    expect(embed.fields).toEqual([
      { name: '1. A: Overview', value: 'a **calm** day' },
      { name: 'A note from the library', value: NOTE },
    ]);
  });

  it('keeps the longest case within Discord’s limits, the note whole and every passage’s markdown whole', () => {
    // Five passages of escaped symbols at a field's full 1,024 characters, the longest titles, query and note.
    const snippet = `…${'\\* **calm** \\_ '.repeat(80)}`.slice(0, 1024);
    const hits: SearchHit[] = Array.from({ length: 5 }, (_, i) => ({
      slug: `page-${i}`,
      title: `${i}`.padEnd(100, 'T'),
      section: 'risks',
      heading: 'Disadvantages',
      snippet,
    }));
    const embed = searchResultsMessage('q'.repeat(200), hits, NOTE).embeds[0] as APIEmbed;
    expect(embedChars(embed)).toBeLessThanOrEqual(6_000);
    expect(embed.fields?.at(-1)).toEqual({ name: 'A note from the library', value: NOTE });
    for (const field of embed.fields?.slice(0, 5) ?? []) {
      expect(field.value.length).toBeLessThanOrEqual(1_024);
      expect(field.value).toMatch(/…$/);
      expect(snippet.startsWith(field.value.slice(0, -1))).toBe(true);
      // Cut between words: every bold word closed.
      expect(field.value.split('**').length % 2).toBe(1);
    }
  });
});
