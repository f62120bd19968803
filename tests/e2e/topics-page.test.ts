import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CommandOption,
  defaultGuild,
  type EmulatedMessage,
  IDS,
  secondGuild,
} from '@healing-library/discord-emulator';
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentsOf, fieldOf } from '../support/components.js';
import { type Harness, replyText, startHarness } from '../support/harness.js';

/** A Monday; discussions are scheduled after it. */
const clock = Date.parse('2030-06-10T09:00:00Z');
const HOUR = 3_600_000;

/** Two pages generated for the test: one shares a tag with Ketamine Therapy (depression), one does not. */
const pageText = (slug: string, title: string, tag: string) => `---
title: ${title}
slug: ${slug}
summary: A page made for the tests of ${title}
tags:
  - ${tag}
last_reviewed: 2026-11-26
---

## Overview

Words of the ${title} test page's overview.
`;

const menuOf = (message: { components?: unknown[] }) => componentsOf(message).find((c) => c.type === 3);
const embedOf = (message: { embeds?: unknown[] }) => message.embeds?.[0] as APIEmbed;
const discussionsOf = (message: { embeds?: unknown[] }) => fieldOf(embedOf(message), 'Discussions on this topic') ?? '';

describe('a library page shows its discussions, asks who would join one, and leads to other pages', () => {
  let harness: Harness;
  let contentDir: string;
  beforeAll(async () => {
    contentDir = mkdtempSync(join(tmpdir(), 'topics-page-'));
    cpSync('content', contentDir, { recursive: true });
    writeFileSync(join(contentDir, 'modalities', 'breathwork.md'), pageText('breathwork', 'Breathwork', 'depression'));
    writeFileSync(
      join(contentDir, 'modalities', 'art-therapy.md'),
      pageText('art-therapy', 'Art Therapy', 'creativity'),
    );
    harness = await startHarness({
      env: { DEFAULT_TIMEZONE: 'UTC', CONTENT_DIR: contentDir },
      now: () => new Date(clock),
      scheduler: { cron: false },
      emulator: { guilds: [defaultGuild(), secondGuild()] },
    });
    harness.app.deps.firesides.settings.update(IDS.guild, { announcementChannelId: IDS.announcements }, clock);
  });
  afterAll(async () => {
    await harness?.stop();
    rmSync(contentDir, { recursive: true, force: true });
  });

  const emulator = () => harness.emulator;
  const deps = () => harness.app.deps;
  const modality = async (name: string, userId: string = IDS.member) => {
    const result = await emulator().command({ name: 'modality', userId, options: [{ name: 'name', value: name }] });
    expect(result.callback?.type).toBe(4);
    return result.message as EmulatedMessage;
  };
  const library = (subcommand: string, userId: string) =>
    emulator().command({ name: 'library', subcommand, userId, channelId: IDS.general });
  const click = (message: EmulatedMessage, customId: string, userId: string = IDS.member) =>
    emulator().click({ message, customId, userId });
  const choose = (message: EmulatedMessage, value: string) =>
    emulator().click({
      message,
      customId: menuOf(message)?.custom_id ?? '',
      componentType: 3,
      values: [value],
      userId: IDS.member,
    });
  const linkTo = (id: number) => {
    const discussion = deps().firesides.discussions.get(id);
    return `https://discord.com/channels/${IDS.guild}/${discussion?.channelId}/${discussion?.messageId}`;
  };
  const interestRows = () =>
    deps().db.prepare('SELECT guild_id, slug, user_id FROM topic_interest ORDER BY slug, user_id').all();

  async function schedule(title: string, start: string, topic = 'ketamine-therapy') {
    const options: CommandOption[] = [
      { name: 'title', value: title },
      { name: 'start', value: start },
      { name: 'topic', value: topic },
    ];
    const result = await emulator().command({
      name: 'fireside',
      subcommand: 'schedule',
      options,
      userId: IDS.moderator,
      channelId: IDS.general,
    });
    const text = await replyText(emulator(), result);
    expect(text).toMatch(/^Scheduled/);
    return Number(/#(\d+)/.exec(text)?.[1]);
  }

  /** A discussion stored directly, where no command can make one (in the past, in a server without settings). */
  function stored(title: string, startsAt: number, guildId: string = IDS.guild) {
    const { discussions } = deps().firesides;
    const created = discussions.create({
      guildId,
      title,
      startsAt,
      timezone: 'UTC',
      durationMinutes: 60,
      channelId: IDS.announcements,
      topicSlug: 'ketamine-therapy',
      topicTitle: 'Ketamine Therapy',
      createdBy: IDS.moderator,
      createdAt: clock - 48 * HOUR,
    });
    discussions.setMessage(created.id, '900000000000000777', clock - 48 * HOUR);
    return created.id;
  }

  let first: EmulatedMessage;
  it('with none planned, says so and offers the interest button; the menu lists the other pages, related first', async () => {
    first = await modality('ketamine');
    expect(discussionsOf(first)).toContain('None planned yet');
    const buttons = componentsOf(first);
    expect(buttons.find((c) => c.custom_id === 'interest:ketamine-therapy')?.label).toBe(
      "I'd join a discussion on this",
    );
    expect(buttons.some((c) => c.style === 5 && c.url?.startsWith('https://discord.com/channels/'))).toBe(false);
    const menu = menuOf(first);
    expect(menu?.placeholder).toBe('Explore more healing modalities');
    expect(menu?.custom_id).toBe('explore:ketamine-therapy');
    // Breathwork shares the tag "depression"; Art Therapy comes after it despite its title.
    expect(menu?.options?.map((o) => o.value)).toEqual(['breathwork', 'art-therapy']);
    expect(first.components.length).toBeLessThanOrEqual(5);
  });

  it('records a member’s interest on the first click and withdraws it on the second, answering them alone', async () => {
    const added = await click(first, 'interest:ketamine-therapy');
    expect(added.ephemeral).toBe(true);
    expect(added.callback?.data.content).toMatch(/^Recorded: .*Ketamine Therapy.*one DM/);
    expect(added.callback?.data.allowed_mentions).toEqual({ parse: [] });
    expect(interestRows()).toEqual([{ guild_id: IDS.guild, slug: 'ketamine-therapy', user_id: IDS.member }]);
    const withdrawn = await click(first, 'interest:ketamine-therapy');
    expect(withdrawn.ephemeral).toBe(true);
    expect(withdrawn.callback?.data.content).toMatch(/^Withdrawn: /);
    expect(interestRows()).toEqual([]);
    // The page's message is left as it was.
    expect(
      emulator()
        .channelMessages(first.channel_id)
        .find((m) => m.id === first.id)?.embeds,
    ).toEqual(first.embeds);
  });

  it('/library interest shows moderators the pages asked for, most wanted first, with counts and never names', async () => {
    const breathwork = await modality('breathwork');
    await click(first, 'interest:ketamine-therapy', IDS.member);
    await click(breathwork, 'interest:breathwork', IDS.member);
    await click(breathwork, 'interest:breathwork', IDS.admin);

    const refused = await library('interest', IDS.member);
    expect(refused.ephemeral).toBe(true);
    expect(refused.callback?.data.content).toContain('Only moderators');

    const report = await library('interest', IDS.moderator);
    expect(report.ephemeral).toBe(true);
    const text = embedOf(report.callback?.data).description ?? '';
    expect(text.split('\n')).toEqual([
      '**Breathwork**: 2 members · no discussion planned',
      '**Ketamine Therapy**: 1 member · no discussion planned',
    ]);
    expect(JSON.stringify(report.callback?.data)).not.toMatch(new RegExp(`${IDS.member}|${IDS.admin}`));
  });

  let nearest = 0;
  it('with one discussion announced, lists it with its start, going count and link, and a link button to it', async () => {
    nearest = await schedule('Ketamine, questions and answers', '2030-06-20 19:00');
    const announcement = emulator()
      .channelMessages(IDS.announcements)
      .find((m) => m.id === deps().firesides.discussions.get(nearest)?.messageId) as EmulatedMessage;
    await click(announcement, `rsvp:${nearest}:going`, IDS.admin);

    const message = await modality('ketamine');
    const start = Date.parse('2030-06-20T19:00:00Z') / 1000;
    expect(discussionsOf(message)).toBe(
      `**[Ketamine, questions and answers](${linkTo(nearest)})** · <t:${start}:f> (<t:${start}:R>) · 1 going`,
    );
    expect(componentsOf(message).find((c) => c.style === 5 && c.url === linkTo(nearest))?.label).toBe(
      'Discussion: Ketamine, questions and answers',
    );
    expect(componentsOf(message).some((c) => c.custom_id?.startsWith('interest:'))).toBe(false);

    // The interest button on the older message now answers with the link and records nothing.
    const before = interestRows();
    const meanwhile = await click(first, 'interest:ketamine-therapy', IDS.moderator);
    expect(meanwhile.ephemeral).toBe(true);
    expect(meanwhile.callback?.data.content).toContain(linkTo(nearest));
    expect(meanwhile.callback?.data.content).toContain('Nothing was recorded');
    expect(interestRows()).toEqual(before);

    const report = embedOf((await library('interest', IDS.moderator)).callback?.data).description ?? '';
    expect(report).toContain(`**Ketamine Therapy**: 1 member · next discussion <t:${start}:f>`);
  });

  let page: EmulatedMessage;
  it('with four upcoming, shows the three nearest and links the nearest; cancelled, ended, unannounced and another server’s stay out', async () => {
    await schedule('Second circle', '2030-06-21 19:00');
    await schedule('Third circle', '2030-06-22 19:00');
    await schedule('Fourth circle', '2030-06-23 19:00');
    const cancelled = await schedule('Cancelled circle', '2030-06-11 19:00');
    const cancel = await emulator().command({
      name: 'fireside',
      subcommand: 'cancel',
      options: [{ name: 'event', value: String(cancelled) }],
      userId: IDS.moderator,
      channelId: IDS.general,
    });
    expect(await replyText(emulator(), cancel)).toMatch(/[Cc]ancelled/);
    stored('Ended circle', clock - 3 * HOUR);
    stored('Other server circle', clock + 2 * HOUR, IDS.secondGuild);
    const unannounced = stored('Unannounced circle', clock + 3 * HOUR);
    deps().db.prepare('UPDATE discussions SET announced_at = NULL, message_id = NULL WHERE id = ?').run(unannounced);

    page = await modality('ketamine');
    const lines = discussionsOf(page).split('\n');
    expect(lines.map((line) => /\*\*\[(.+?)\]/.exec(line)?.[1])).toEqual([
      'Ketamine, questions and answers',
      'Second circle',
      'Third circle',
    ]);
    const links = componentsOf(page).filter((c) => c.style === 5 && c.url?.startsWith('https://discord.com/channels/'));
    expect(links.map((c) => c.url)).toEqual([linkTo(nearest)]);
  });

  it('keeps the discussions under the page when a section button switches it in place', async () => {
    const advantages = componentsOf(page).find((c) => c.label === 'Advantages');
    const turned = await click(page, advantages?.custom_id ?? '');
    expect(turned.callback?.type).toBe(7);
    expect(turned.message?.id).toBe(page.id);
    expect(embedOf(turned.message as EmulatedMessage).title).toBe('Ketamine Therapy: Advantages');
    expect(discussionsOf(turned.message as EmulatedMessage).split('\n')).toHaveLength(3);
    page = turned.message as EmulatedMessage;
  });

  it('/library list shows beside each page how many upcoming discussions this server has on it', async () => {
    const list = await library('list', IDS.member);
    const lines = (embedOf(list.callback?.data).description ?? '').split('\n');
    expect(lines.find((line) => line.startsWith('**Ketamine Therapy**'))).toMatch(/ · 4 upcoming discussions$/);
    expect(lines.find((line) => line.startsWith('**Breathwork**'))).not.toMatch(/upcoming/);
  });

  it('switches the same message to the page chosen in the explore menu (type 7)', async () => {
    const switched = await choose(page, 'breathwork');
    expect(switched.callback?.type).toBe(7);
    expect(switched.message?.id).toBe(page.id);
    const now = switched.message as EmulatedMessage;
    expect(embedOf(now).title).toBe('Breathwork: Overview');
    expect(discussionsOf(now)).toContain('None planned yet');
    expect(menuOf(now)?.options?.map((o) => o.value)).toEqual(['ketamine-therapy', 'art-therapy']);
    page = now;
  });

  it('refuses a menu value that is no current page, ephemerally, and leaves the message as it was', async () => {
    for (const value of ['no-such-page', 'Ketamine Therapy', '../../etc/passwd', '__proto__']) {
      const tampered = await choose(page, value);
      expect(tampered.ephemeral).toBe(true);
      expect(tampered.callback?.data.content).toContain('not in the library');
      const stored = emulator()
        .channelMessages(page.channel_id)
        .find((m) => m.id === page.id);
      expect(embedOf(stored as EmulatedMessage).title).toBe('Breathwork: Overview');
    }
  });

  it('keeps the explore menu working after the bot restarts on the same database', async () => {
    await harness.restart();
    const switched = await choose(page, 'ketamine-therapy');
    expect(switched.callback?.type).toBe(7);
    expect(switched.message?.id).toBe(page.id);
    expect(embedOf(switched.message as EmulatedMessage).title).toBe('Ketamine Therapy: Overview');
    expect(discussionsOf(switched.message as EmulatedMessage).split('\n')).toHaveLength(3);
  });

  it('sent only requests that Discord’s OpenAPI description accepts', () => {
    expect(harness.validating).toBe(true);
  });
});
