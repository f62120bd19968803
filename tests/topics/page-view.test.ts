import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { buttonRow, modalityParts, type PageInfo } from '../../src/library/index.js';
import { loadLibrary } from '../../src/library/library.js';
import type { TopicDiscussion } from '../../src/topics/topic-discussions.js';
import { discussionsField, explorePages, topicPageMessage } from '../../src/topics/views/page.js';
import { tempContent } from '../library/helpers.js';

const page = (slug: string, tags: string[], title = slug): PageInfo => ({
  slug,
  title,
  aliases: [],
  summary: `About ${slug}`,
  tags,
  lastReviewed: '2025-03-01',
  sections: [{ key: 'overview', heading: 'Overview' }],
});

const discussion = (
  id: number,
  title: string,
  messageId: string | null = `90000000000000000${id}`,
): TopicDiscussion => ({
  id,
  title,
  startsAt: Date.parse('2030-06-10T18:00:00Z') + id * 86_400_000,
  endsAt: Date.parse('2030-06-10T19:00:00Z') + id * 86_400_000,
  guildId: '200000000000000001',
  channelId: '300000000000000002',
  messageId,
  going: id * 2,
});

/** What Discord counts toward the 6,000 characters of a message's embeds. */
interface EmbedJson {
  title?: string;
  description?: string;
  footer?: { text?: string };
  author?: { name?: string };
  fields?: { name: string; value: string }[];
}

function embedChars(embed: EmbedJson): number {
  const fields = embed.fields ?? [];
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text?.length ?? 0) +
    (embed.author?.name?.length ?? 0) +
    fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

const json = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('the pages to explore from a page', () => {
  it('puts pages sharing a tag first, then the others, each by the library’s title order, never the page itself', () => {
    const current = page('ketamine-therapy', ['Depression', 'psychotherapy']);
    const pages = [
      page('art-therapy', ['creativity']),
      page('breathwork', ['stress']),
      page('ketamine-therapy', ['depression']),
      page('psilocybin', ['depression']),
      page('talk-therapy', ['psychotherapy', 'depression']),
      page('yoga', []),
    ];
    expect(explorePages(pages, current).map((entry) => entry.slug)).toEqual([
      'psilocybin',
      'talk-therapy',
      'art-therapy',
      'breathwork',
      'yoga',
    ]);
  });

  it('keeps the library’s order in each group, the pages sharing a tag first, in a large library', () => {
    const pages = Array.from({ length: 10_000 }, (_, i) =>
      page(`page-${String(i).padStart(5, '0')}`, [i % 997 === 3 ? 'Calm' : `tag-${i}`]),
    );
    const current = page('page-00003', ['calm']);
    const expected = [
      ...pages.filter((entry) => entry !== pages[3] && entry.tags[0] === 'Calm'),
      ...pages.filter((entry) => entry.tags[0] !== 'Calm'),
    ].slice(0, 25);
    const shown = explorePages(pages, current);
    expect(shown.map((entry) => entry.slug)).toEqual(expected.map((entry) => entry.slug));
    expect(shown.slice(0, 10).every((entry) => entry.tags[0] === 'Calm')).toBe(true);
    expect(shown[10]?.slug).toBe('page-00000');
  });

  it('offers at most 25', () => {
    const pages = Array.from({ length: 40 }, (_, i) => page(`page-${String(i).padStart(2, '0')}`, [i % 2 ? 'a' : 'b']));
    const shown = explorePages(pages, page('current', ['a']));
    expect(shown).toHaveLength(25);
    expect(shown.slice(0, 20).every((entry) => entry.tags.includes('a'))).toBe(true);
  });
});

describe('the discussions field', () => {
  it('lists up to three, each linking to its announcement, with its start and going count', () => {
    const field = discussionsField(
      [discussion(1, 'First'), discussion(2, 'Second'), discussion(3, 'Third'), discussion(4, 'Fourth')],
      true,
    );
    const lines = field.value.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      `**[First](https://discord.com/channels/200000000000000001/300000000000000002/900000000000000001)** · <t:${Date.parse('2030-06-11T18:00:00Z') / 1000}:f> (<t:${Date.parse('2030-06-11T18:00:00Z') / 1000}:R>) · 2 going`,
    );
    expect(field.value).not.toContain('Fourth');
  });

  it('keeps a title’s brackets and markdown from breaking the link', () => {
    const { value } = discussionsField([discussion(1, 'A [circle](https://evil.example) **now**')], true);
    expect(value).toContain('[A \\[circle\\](https://evil.example) \\*\\*now\\*\\*](https://discord.com/channels/');
  });

  it('says when none is planned', () => {
    expect(discussionsField([], false).value).toContain('None planned yet');
  });
});

describe('a page with its discussions and the explore menu', () => {
  it('stays inside Discord’s limits with the longest page, titles and summaries', async () => {
    const long = (n: number, word: string) => Array.from({ length: n }, () => word).join(' ');
    const dir = tempContent(
      [
        { slug: 'current', title: 'T'.repeat(100), body: `## Overview\n\n${long(990, 'words')}\n` },
        ...Array.from({ length: 30 }, (_, i) => ({
          slug: `other-${i}`,
          title: `${i} ${'x'.repeat(97)}`,
          summary: 's'.repeat(100),
        })),
      ],
      'n'.repeat(1_000),
    );
    const library = await loadLibrary({ db: openDatabase(':memory:'), contentDir: dir });
    const current = library.get('current') as PageInfo;
    const discussions = [1, 2, 3].map((id) => discussion(id, `[${'*'.repeat(98)}]`));
    const message = json(
      topicPageMessage(
        modalityParts(library, current, 'overview'),
        current,
        discussions,
        explorePages(library.pages, current),
        true,
      ),
    );
    const [embed] = message.embeds;
    expect(embedChars(embed)).toBeLessThanOrEqual(6_000);
    for (const field of embed.fields) expect(field.value.length).toBeLessThanOrEqual(1_024);
    expect(message.components.length).toBeLessThanOrEqual(5);
    for (const row of message.components) {
      expect(row.components.length).toBeLessThanOrEqual(5);
      if (row.components.some((component: { type: number }) => component.type === 3))
        expect(row.components).toHaveLength(1);
      for (const component of row.components) {
        if (component.label) expect(component.label.length).toBeLessThanOrEqual(80);
        if (component.custom_id) expect(component.custom_id.length).toBeLessThanOrEqual(100);
      }
    }
    const select = message.components[2].components[0];
    expect(select).toMatchObject({
      type: 3,
      custom_id: 'explore:current',
      placeholder: 'Explore more healing modalities',
    });
    expect(select.options).toHaveLength(25);
    for (const option of select.options) {
      expect(option.label.length).toBeLessThanOrEqual(100);
      expect(option.description.length).toBeLessThanOrEqual(100);
    }
    const link = message.components[1].components.at(-1);
    expect(link).toMatchObject({
      style: 5,
      url: 'https://discord.com/channels/200000000000000001/300000000000000002/900000000000000001',
    });
  });

  it('has the interest button instead of a link when none is planned, and no menu when the library holds one page', async () => {
    const library = await loadLibrary({ db: openDatabase(':memory:'), contentDir: tempContent([{ slug: 'only' }]) });
    const only = library.get('only') as PageInfo;
    const message = json(topicPageMessage(modalityParts(library, only, 'overview'), only, [], [], false));
    expect(message.components).toHaveLength(2);
    expect(message.components[1].components).toEqual([
      { type: 2, style: 2, label: "I'd join a discussion on this", custom_id: 'interest:only' },
    ]);
  });

  it('links the one under way and offers the interest button too when none is planned after it', async () => {
    const library = await loadLibrary({ db: openDatabase(':memory:'), contentDir: tempContent([{ slug: 'only' }]) });
    const only = library.get('only') as PageInfo;
    const message = json(
      topicPageMessage(modalityParts(library, only, 'overview'), only, [discussion(1, 'Now')], [], false),
    );
    expect(message.components[1].components.map((button: { style: number }) => button.style)).toEqual([5, 2]);
    expect(message.components[1].components[1]).toMatchObject({ custom_id: 'interest:only' });
    const value = message.embeds[0].fields.at(-1).value;
    expect(value).toContain('[Now](https://discord.com/channels/');
    expect(value).toContain("None planned after it. Would you join one? Tap **I'd join a discussion on this**");
  });

  it('never drops a sixth button of a row silently', () => {
    const button = { type: 2, style: 2, label: 'x', custom_id: 'x' } as const;
    expect(buttonRow(Array.from({ length: 5 }, () => button)).components).toHaveLength(5);
    expect(() => buttonRow(Array.from({ length: 6 }, () => button))).toThrow(/at most 5 buttons/);
  });

  it('gives no link button when the nearest discussion’s announcement was deleted', async () => {
    const library = await loadLibrary({ db: openDatabase(':memory:'), contentDir: tempContent([{ slug: 'only' }]) });
    const only = library.get('only') as PageInfo;
    const message = json(
      topicPageMessage(modalityParts(library, only, 'overview'), only, [discussion(1, 'Gone', null)], [], true),
    );
    expect(message.components).toHaveLength(1);
    expect(message.embeds[0].fields.at(-1).value).toContain('Gone (answer with `/rsvp`)');
  });
});
