import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmulatedMessage, IDS, type Json } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

/** The promise: a change in CONTENT_DIR is served within 5 seconds, without a restart. */
const SERVED_WITHIN_MS = 5000;

const page = (title: string, overview: string, frontExtra = '') => `---
title: ${title}
slug: reiki
aliases:
  - usui
summary: Gentle touch practice
${frontExtra}last_reviewed: 2026-11-26
---

## Overview

${overview}

## Advantages

Many people find it calming.
`;

describe('the library follows CONTENT_DIR while the bot runs', () => {
  let harness: Harness;
  let contentDir: string;
  beforeAll(async () => {
    contentDir = mkdtempSync(join(tmpdir(), 'library-live-'));
    cpSync('content', contentDir, { recursive: true });
    harness = await startHarness({ env: { CONTENT_DIR: contentDir } });
  });
  afterAll(async () => {
    await harness?.stop();
    rmSync(contentDir, { recursive: true, force: true });
  });

  const reikiFile = () => join(contentDir, 'modalities', 'reiki.md');
  const modality = (name: string) =>
    harness.emulator.command({ name: 'modality', userId: IDS.member, options: [{ name: 'name', value: name }] });
  const search = (query: string) =>
    harness.emulator.command({ name: 'library', subcommand: 'search', options: [{ name: 'query', value: query }] });
  const suggested = async (typed: string) => {
    const result = await harness.emulator.autocomplete({ name: 'modality', focused: 'name', value: typed });
    return ((result.callback?.data.choices ?? []) as { value: string }[]).map((choice) => choice.value);
  };
  const overviewOf = async (name: string): Promise<string> => {
    const result = await modality(name);
    return result.callback?.data?.embeds?.[0]?.description ?? result.callback?.data?.content ?? '';
  };

  /** Asks again until the answer passes, failing once the deadline has passed since the change. */
  async function servedWithin<T>(ask: () => Promise<T>, passes: (answer: T) => boolean): Promise<T> {
    const deadline = Date.now() + SERVED_WITHIN_MS;
    for (;;) {
      const answer = await ask();
      if (passes(answer) || Date.now() > deadline) return answer;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('serves a page added, changed, broken and removed, without a restart', async () => {
    const app = harness.app;
    expect(await overviewOf('reiki')).toContain('is not in the Healing Library');

    // Added.
    writeFileSync(reikiFile(), page('Reiki', 'Hands resting gently on the body.'));
    expect(
      await servedWithin(
        () => overviewOf('reiki'),
        (text) => text.includes('Hands resting'),
      ),
    ).toContain('Hands resting gently on the body.');
    expect(await suggested('rei')).toContain('reiki');
    expect(await overviewOf('usui')).toContain('Hands resting');
    const found = await search('gently');
    expect(found.callback?.data.embeds[0].fields[0].name).toContain('Reiki');
    const added = (await modality('reiki')).message as EmulatedMessage;

    // Changed: the new words are found, the old ones no longer are.
    writeFileSync(reikiFile(), page('Reiki', 'Warm palms above the body.'));
    expect(
      await servedWithin(
        () => overviewOf('reiki'),
        (text) => text.includes('Warm palms'),
      ),
    ).toContain('Warm palms above the body.');
    expect((await search('palms')).callback?.data.embeds[0].fields[0].name).toContain('Reiki');
    expect((await search('gently')).callback?.data.content).toContain('Nothing in the library matches');

    // Broken: the previous text is still served, and each problem is logged as file:line: field: problem.
    writeFileSync(reikiFile(), page('[unclosed', 'Broken words never shown.'));
    const problem = new RegExp(`^${reikiFile()}:\\d+: front matter: .+`);
    const logged = await servedWithin(
      async () => harness.logs.filter((line) => line.level === 40 && problem.test(line.msg ?? '')),
      (lines) => lines.length > 0,
    );
    expect(logged.length).toBeGreaterThan(0);
    expect(await overviewOf('reiki')).toContain('Warm palms above the body.');
    expect((await search('broken')).callback?.data.content).toContain('Nothing in the library matches');

    // Removed: gone from /modality, search and autocomplete; buttons of its messages say so.
    rmSync(reikiFile());
    expect(
      await servedWithin(
        () => overviewOf('reiki'),
        (text) => text.includes('is not in the Healing Library'),
      ),
    ).toContain('is not in the Healing Library');
    expect(await suggested('rei')).not.toContain('reiki');
    expect((await search('palms')).callback?.data.content).toContain('Nothing in the library matches');
    const advantages = (added.components as Json[])
      .flatMap((row: Json) => row.components)
      .find((button: Json) => button.label === 'Advantages');
    const click = await harness.emulator.click({ message: added, customId: advantages.custom_id, userId: IDS.member });
    expect(click.ephemeral).toBe(true);
    expect(click.followups?.[0]?.content ?? click.callback?.data?.content).toContain('removed from the library');

    // The pages folder disappears: one clear line, the library still served; it is followed again when back.
    const pages = join(contentDir, 'modalities');
    renameSync(pages, `${pages}-away`);
    const missing = await servedWithin(
      async () => harness.logs.filter((line) => line.level === 40 && line.msg?.startsWith(`${pages} is missing`)),
      (lines) => lines.length > 0,
    );
    expect(missing).toHaveLength(1);
    expect(await overviewOf('ketamine')).toContain('Ketamine therapy');
    renameSync(`${pages}-away`, pages);
    writeFileSync(reikiFile(), page('Reiki', 'Back again.'));
    expect(
      await servedWithin(
        () => overviewOf('reiki'),
        (text) => text.includes('Back again'),
      ),
    ).toContain('Back again.');

    // Ketamine was served throughout, by the same bot (no restart).
    expect(await overviewOf('ketamine')).toContain('Ketamine therapy');
    expect(harness.app).toBe(app);
  });
});
