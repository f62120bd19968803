import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { botEnvironment, startEmulator } from '@healing-library/discord-emulator';
import { startApp } from '../src/app.js';
import { configSchema } from '../src/core/config.js';
import { createLogger } from '../src/core/log.js';
import { apiJson, NO_MENTIONS } from '../src/discord/replies.js';
import { startBareClient } from './bare-client.js';
import { driveCommands, type LoadResult } from './interactions.js';
import { cpuEach, median, round } from './stats.js';

const modality = () => ({ name: 'modality', options: [{ name: 'name', value: 'ketamine' }] });

/**
 * /modality through the emulator next to the floor of the stack: a bare discord.js client on the same emulator
 * that answers every interaction with a constant text. Rounds alternate so both see the same machine load.
 */
export async function benchModality(options: { rounds: number; count: number; concurrency: number }) {
  const emulator = await startEmulator({ callbackDeadlineMs: 0 });
  const folder = mkdtempSync(join(tmpdir(), 'healing-bench-'));
  const config = configSchema.parse({
    ...botEnvironment(emulator),
    DATABASE_PATH: join(folder, 'bench.sqlite'),
  });
  const bare: LoadResult[] = [];
  const samePayload: LoadResult[] = [];
  const bot: LoadResult[] = [];
  try {
    // The bot's own answer, replayed as a constant by the second floor: what the payload costs without the bot's work.
    const sampler = await startApp({ config, logger: createLogger('silent') });
    const sample = (await emulator.command(modality())).callback?.data;
    await sampler.stop();
    const reply = {
      embeds: sample.embeds.map(apiJson),
      components: sample.components.map(apiJson),
      allowedMentions: NO_MENTIONS,
    };
    for (let round = 0; round < options.rounds; round++) {
      for (const [floors, commandReply] of [
        [bare, undefined],
        [samePayload, reply],
      ] as const) {
        const floor = await startBareClient(emulator.apiUrl, { commandReply });
        floors.push(await driveCommands(emulator, options.count, options.concurrency, modality));
        await floor.destroy();
      }
      const app = await startApp({ config, logger: createLogger('silent') });
      bot.push(await driveCommands(emulator, options.count, options.concurrency, modality));
      await app.stop();
    }
  } finally {
    await emulator.close();
    rmSync(folder, { recursive: true, force: true });
  }
  const bareRate = median(bare.map((r) => r.perSecond));
  const botRate = median(bot.map((r) => r.perSecond));
  return {
    'bare client interactions/s': round(bareRate, 0),
    'bare client p99 ms': round(median(bare.map((r) => r.p99Ms))),
    '/modality interactions/s': round(botRate, 0),
    '/modality p50 ms': round(median(bot.map((r) => r.p50Ms))),
    '/modality p99 ms': round(median(bot.map((r) => r.p99Ms))),
    '/modality throughput / bare (target ≥ 0.90)': round(botRate / bareRate),
    'CPU ms per interaction: bare / /modality': `${cpuEach(bare)} / ${cpuEach(bot)}`,
    'bare CPU cost ÷ /modality CPU cost': round(cpuEach(bare) / cpuEach(bot)),
    'bare answering the same embed: CPU ms per interaction': cpuEach(samePayload),
    'same-embed CPU cost ÷ /modality CPU cost': round(cpuEach(samePayload) / cpuEach(bot)),
  };
}
