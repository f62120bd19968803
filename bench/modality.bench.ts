import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { botEnvironment, type Emulator, IDS, startEmulator } from '@healing-library/discord-emulator';
import type { Deps } from '../commands/deps.js';
import { configSchema } from '../src/core/config.js';
import { createLogger } from '../src/core/log.js';
import { apiJson, NO_MENTIONS } from '../src/discord/replies.js';
import { startBareClient } from './bare-client.js';
import { built } from './built.js';
import { driveCommands, type LoadResult } from './interactions.js';
import { cpuEach, median, round } from './stats.js';

const modality = () => ({ name: 'modality', options: [{ name: 'name', value: 'ketamine' }] });

/** A page generated beside the shipped one (in a copy of content/), so /modality carries its explore menu. */
const SECOND_PAGE = `---
title: Breathwork
slug: breathwork
summary: A page generated for the benchmark
tags:
  - depression
last_reviewed: 2026-11-26
---

## Overview

Words of the benchmark's second page.
`;

/** Three announced discussions on the page, with members going: /modality reads and shows them on every answer. */
function scheduleDiscussions(deps: Deps): void {
  const { discussions, rsvps } = deps.firesides;
  const now = Date.now();
  for (let i = 1; i <= 4; i++) {
    const created = discussions.create({
      guildId: IDS.guild,
      title: `Ketamine therapy circle ${i}`,
      startsAt: now + i * 86_400_000,
      timezone: 'UTC',
      durationMinutes: 60,
      channelId: IDS.announcements,
      topicSlug: 'ketamine-therapy',
      topicTitle: 'Ketamine Therapy',
      createdBy: IDS.moderator,
      createdAt: now,
    });
    discussions.setMessage(created.id, `90000000000000${1000 + i}`, now);
    for (let member = 0; member < 5 * i; member++)
      rsvps.set(created.id, `6000000000000${10000 + member}`, 'going', now);
  }
}

/**
 * One timed run against an emulator of its own. An emulator keeps every interaction, request and reply it saw (for
 * tests to inspect), so one shared by every run grows its heap run after run, and each later run pays for it in
 * garbage collection (minor GC per interaction rose from 44 to 74 µs over six runs of 6,000, 3 Dec): whoever ran
 * last in a round, the bot, was measured on the heaviest heap. Collected before it starts where `--expose-gc` allows.
 */
async function runAlone(
  subject: (emulator: Emulator) => Promise<{ stop(): Promise<unknown> }>,
  count: number,
  concurrency: number,
) {
  const emulator = await startEmulator({ callbackDeadlineMs: 0 });
  try {
    const running = await subject(emulator);
    (globalThis as { gc?: () => void }).gc?.();
    const result = await driveCommands(emulator, count, concurrency, modality);
    await running.stop();
    return result;
  } finally {
    await emulator.close();
  }
}

/**
 * /modality (with its discussions field and explore menu) through the emulator next to two floors: a bare
 * discord.js client on the same emulator answering every interaction with `ok`, and one answering with the bot's own
 * answer as a constant. Rounds alternate the three, in turn forwards and backwards, so all see the same machine load.
 */
export async function benchModality(options: { rounds: number; count: number; concurrency: number }) {
  const { startApp } = await built<typeof import('../src/app.js')>('src/app.js');
  const folder = mkdtempSync(join(tmpdir(), 'healing-bench-'));
  const contentDir = join(folder, 'content');
  mkdirSync(contentDir);
  cpSync('content', contentDir, { recursive: true });
  writeFileSync(join(contentDir, 'modalities', 'breathwork.md'), SECOND_PAGE);
  const configFor = (emulator: Emulator) =>
    configSchema.parse({
      ...botEnvironment(emulator),
      DATABASE_PATH: join(folder, 'bench.sqlite'),
      CONTENT_DIR: contentDir,
    });
  const bare: LoadResult[] = [];
  const samePayload: LoadResult[] = [];
  const bot: LoadResult[] = [];
  try {
    // The bot's own answer, replayed as a constant by the second floor: what the payload costs without the bot's work.
    const emulator = await startEmulator({ callbackDeadlineMs: 0 });
    const sampler = await startApp({ config: configFor(emulator), logger: createLogger('silent') });
    scheduleDiscussions(sampler.deps);
    const sample = (await emulator.command(modality())).callback?.data;
    await sampler.stop();
    await emulator.close();
    const fields = sample.embeds[0].fields.map((field: { name: string }) => field.name);
    const menu = sample.components.some((row: { components: { type: number }[] }) =>
      row.components.some((component) => component.type === 3),
    );
    if (!fields.includes('Discussions on this topic') || !menu)
      throw new Error('/modality lacks its discussions or menu');
    const reply = {
      embeds: sample.embeds.map(apiJson),
      components: sample.components.map(apiJson),
      allowedMentions: NO_MENTIONS,
    };
    const floor = (commandReply?: typeof reply) => async (emulator: Emulator) => {
      const client = await startBareClient(emulator.apiUrl, { commandReply });
      return { stop: () => client.destroy() };
    };
    const subjects = [
      { into: bare, start: floor() },
      { into: samePayload, start: floor(reply) },
      {
        into: bot,
        start: (emulator: Emulator) => startApp({ config: configFor(emulator), logger: createLogger('silent') }),
      },
    ];
    for (let round = 0; round < options.rounds; round++) {
      for (const { into, start } of round % 2 === 0 ? subjects : [...subjects].reverse()) {
        into.push(await runAlone(start, options.count, options.concurrency));
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const bareRate = median(bare.map((r) => r.perSecond));
  const samePayloadRate = median(samePayload.map((r) => r.perSecond));
  const botRate = median(bot.map((r) => r.perSecond));
  return {
    'bare client interactions/s': round(bareRate, 0),
    'bare client p99 ms': round(median(bare.map((r) => r.p99Ms))),
    '/modality interactions/s': round(botRate, 0),
    '/modality p50 ms': round(median(bot.map((r) => r.p50Ms))),
    '/modality p99 ms': round(median(bot.map((r) => r.p99Ms))),
    '/modality throughput / bare (target ≥ 0.90)': round(botRate / bareRate),
    'bare answering the same payload interactions/s': round(samePayloadRate, 0),
    '/modality throughput / same payload (target ≥ 0.95)': round(botRate / samePayloadRate),
    // Each round's three runs follow one another, so they share the machine's load of the moment: their ratio is
    // steadier than the ratio of medians taken over different moments.
    'same, median of the rounds’ own ratios': round(
      median(bot.map((r, i) => r.perSecond / (samePayload[i] as LoadResult).perSecond)),
    ),
    'rounds’ ratios to same payload': bot
      .map((r, i) => round(r.perSecond / (samePayload[i] as LoadResult).perSecond))
      .join(' '),
    'CPU ms per interaction: bare / /modality': `${cpuEach(bare)} / ${cpuEach(bot)}`,
    'bare CPU cost ÷ /modality CPU cost': round(cpuEach(bare) / cpuEach(bot)),
    'bare answering the same embed: CPU ms per interaction': cpuEach(samePayload),
    'same-embed CPU cost ÷ /modality CPU cost': round(cpuEach(samePayload) / cpuEach(bot)),
  };
}
