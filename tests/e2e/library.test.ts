import { readFileSync } from 'node:fs';
import { type EmulatedMessage, IDS, type InteractionResult, type Json } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

const exportText = readFileSync(new URL('../../../shared/library/ketamine-therapy.txt', import.meta.url), 'utf8');

function embedOf(result: InteractionResult) {
  const embed = result.callback?.data?.embeds?.[0];
  expect(embed, 'the reply carries an embed').toBeDefined();
  return embed;
}

function buttons(message: { components: Json[] }): { label: string; custom_id?: string; disabled?: boolean }[] {
  return message.components.flatMap((row: Json) => row.components);
}

describe('the library through the real discord.js client and the emulator', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const modality = (name: string, section?: string) =>
    harness.emulator.command({
      name: 'modality',
      userId: IDS.member,
      options: [{ name: 'name', value: name }, ...(section ? [{ name: 'section', value: section }] : [])],
    });

  it('answers /modality ketamine with the overview excerpt, the healthcare note and section buttons', async () => {
    const result = await modality('ketamine');
    expect(result.callback?.type).toBe(4);
    expect(result.ephemeral).toBe(false);
    const embed = embedOf(result);
    expect(embed.title).toBe('Ketamine Therapy: Overview');
    expect(embed.description).toContain(
      'Ketamine therapy, also known as ketamine-assisted psychotherapy, is an emerging approach',
    );
    // The excerpt quotes the page as written: every sentence shown appears in the library's export.
    for (const sentence of embed.description.split(/(?<=\.)\s+/)) {
      if (sentence.startsWith('*')) continue;
      expect(exportText).toContain(sentence.trim());
    }
    expect(embed.fields.map((field: Json) => field.value).join(' ')).toMatch(/healthcare professional/);
    expect(buttons(result.callback?.data).map((button) => button.label)).toEqual(
      expect.arrayContaining(['Overview', 'Advantages', 'Disadvantages', 'Legality']),
    );
    expect(result.callback?.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('finds the page by alias, case and accents', async () => {
    for (const name of ['KAP', 'ketamine-assisted psychotherapy', 'KÉTAMINE therapy']) {
      const embed = embedOf(await modality(name));
      expect(embed.title).toMatch(/^Ketamine Therapy/);
    }
  });

  it('opens the requested section', async () => {
    const embed = embedOf(await modality('ketamine', 'legality'));
    expect(embed.title).toBe('Ketamine Therapy: Legality');
    expect(embed.description).toContain('The legality of ketamine varies by country and jurisdiction.');
  });

  it('switches section in place with a button (callback type 7)', async () => {
    const first = await modality('ketamine');
    const message = first.message as EmulatedMessage;
    const advantages = buttons(message).find((button) => button.label === 'Advantages');
    const click = await harness.emulator.click({
      message,
      customId: advantages?.custom_id ?? '',
      userId: IDS.moderator,
    });
    expect(click.callback?.type).toBe(7);
    expect(click.message?.id).toBe(message.id);
    expect(click.message?.embeds[0].title).toBe('Ketamine Therapy: Advantages');
    expect(click.message?.embeds[0].description).toContain('rapid-acting antidepressant effects');
    expect(buttons(click.message as EmulatedMessage).find((button) => button.label === 'Advantages')?.disabled).toBe(
      true,
    );
  });

  it('suggests names in autocomplete, at most 25, and lists the library on empty input', async () => {
    const typed = await harness.emulator.autocomplete({ name: 'modality', focused: 'name', value: 'keta' });
    expect(typed.callback?.type).toBe(8);
    expect(typed.callback?.data.choices[0]).toMatchObject({ value: 'ketamine-therapy' });
    const empty = await harness.emulator.autocomplete({ name: 'modality', focused: 'name', value: '' });
    const choices = empty.callback?.data.choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);
  });

  it('tells a member an unknown name is not in the library, with suggestions, ephemerally', async () => {
    const result = await modality('ketamin therapy');
    expect(result.ephemeral).toBe(true);
    expect(result.callback?.data.content).toContain('is not in the Healing Library');
    expect(result.callback?.data.content).toContain('Did you mean **Ketamine Therapy**');
  });

  it('never pings what a member typed', async () => {
    const result = await modality(`@everyone <@&${IDS.moderatorRole}> <@${IDS.admin}>`);
    expect(result.ephemeral).toBe(true);
    expect(result.callback?.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('searches the library with highlighted snippets and buttons that open a result', async () => {
    const result = await harness.emulator.command({
      name: 'library',
      subcommand: 'search',
      options: [{ name: 'query', value: 'glutamate' }],
      userId: IDS.member,
    });
    expect(result.ephemeral).toBe(true);
    const embed = embedOf(result);
    expect(embed.fields[0].name).toContain('Ketamine Therapy');
    expect(embed.fields[0].value).toContain('**glutamate**');
    // The excerpts quoted carry the healthcare note, as every excerpt does.
    const note = readFileSync(new URL('../../content/healthcare-note.md', import.meta.url), 'utf8').trim();
    expect(embed.fields.at(-1)).toEqual({ name: 'A note from the library', value: note });
    const open = buttons(result.callback?.data)[0];
    const opened = await harness.emulator.click({
      message: result.message as EmulatedMessage,
      customId: open?.custom_id ?? '',
      userId: IDS.member,
    });
    expect(opened.callback?.type).toBe(4);
    expect(opened.ephemeral).toBe(true);
    expect(opened.callback?.data.embeds[0].title).toBe('Ketamine Therapy: Advantages');
  });

  it('treats FTS5 syntax as plain words and refuses empty or overlong queries clearly', async () => {
    const search = (query: string) =>
      harness.emulator.command({ name: 'library', subcommand: 'search', options: [{ name: 'query', value: query }] });
    for (const query of ['"ketamine', 'ketamine* AND (NOT', 'NEAR(therapy', '^-:']) {
      const result = await search(query);
      expect(result.ephemeral).toBe(true);
      expect(result.callback?.data.content ?? result.callback?.data.embeds?.[0]?.title).not.toMatch(/wrong|reference/);
    }
    expect((await search('   ')).callback?.data.content).toContain('Type a few words');
    expect((await search('x'.repeat(500))).callback?.data.content).toContain('500 characters');
  });

  it('lists every page with its summary', async () => {
    const result = await harness.emulator.command({ name: 'library', subcommand: 'list' });
    expect(embedOf(result).description).toContain('**Ketamine Therapy**');
    expect(embedOf(result).footer?.text).toBe('Page 1 of 1 · 1 page · read one with /modality');
  });

  it('answers a tampered or outdated button ephemerally', async () => {
    const first = await modality('ketamine');
    const message = first.message as EmulatedMessage;
    const removed = await harness.emulator.click({ message, customId: 'mod:no-such-page:overview' });
    expect(removed.ephemeral).toBe(true);
    expect(removed.callback?.data.content).toContain('removed from the library');
    const garbled = await harness.emulator.click({ message, customId: 'mod:ketamine-therapy:<script>' });
    expect(garbled.callback?.data.content).toContain('out of date');
  });

  it('keeps old buttons working after the bot restarts', async () => {
    const first = await modality('ketamine');
    await harness.restart();
    const message = first.message as EmulatedMessage;
    const risks = buttons(message).find((button) => button.label === 'Disadvantages');
    const click = await harness.emulator.click({ message, customId: risks?.custom_id ?? '' });
    expect(click.callback?.type).toBe(7);
    expect(click.message?.embeds[0].description).toContain('transient nature of the therapeutic effects');
  });

  it('sent only requests that Discord’s OpenAPI description accepts', () => {
    expect(harness.emulator.requests.length).toBeGreaterThan(10);
    expect(harness.emulator.validationErrors).toEqual([]);
  });

  it('never registered commands at start (that is npm run deploy-commands’ job)', () => {
    expect(harness.emulator.requests.filter((request) => request.path.endsWith('/commands'))).toEqual([]);
  });
});
