import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  botEnvironment,
  defaultGuild,
  type EmulatedMessage,
  IDS,
  startEmulator,
} from '@healing-library/discord-emulator';
import { configSchema } from '../src/core/config.js';
import { createLogger } from '../src/core/log.js';
import { apiJson, ephemeral, NO_MENTIONS } from '../src/discord/replies.js';
import { startBareClient } from './bare-client.js';
import { built } from './built.js';
import { drive, type LoadResult } from './interactions.js';
import { cpuEach, median, round } from './stats.js';

/**
 * RSVP clicks on one announcement, each by a different member, next to a bare discord.js client on the same emulator.
 * A click is done when the member has both answers the issue asks for: the announcement updated in place (callback
 * type 7) and the ephemeral follow-up saying where they stand. The floor is measured twice, in alternating rounds so
 * both see the same machine load: answering `ok` with the callback alone, and making the same two calls with payloads
 * of the bot's size (the floor of the exchange itself, without the bot's work).
 */
const WARMUP = 100;

export async function benchRsvp(options: { rounds: number; clicks: number; concurrency: number }) {
  const { startApp } = await built<typeof import('../src/app.js')>('src/app.js');
  const perRound = options.clicks + WARMUP;
  const members = Array.from({ length: options.rounds * perRound }, (_, i) =>
    String(800_000_000_000_000_000n + BigInt(i)),
  );
  const guild = defaultGuild();
  for (const userId of members) guild.members.push({ userId, username: `m${userId.slice(-4)}`, roles: [] });
  const emulator = await startEmulator({ guilds: [guild], callbackDeadlineMs: 0 });
  const folder = mkdtempSync(join(tmpdir(), 'healing-bench-'));
  const config = configSchema.parse({
    ...botEnvironment(emulator),
    DATABASE_PATH: join(folder, 'bench.sqlite'),
  });
  const logger = createLogger('silent');
  const bare: LoadResult[] = [];
  const sameCalls: LoadResult[] = [];
  const bot: LoadResult[] = [];
  try {
    const setup = await startApp({ config, logger });
    setup.deps.firesides.settings.update(IDS.guild, { announcementChannelId: IDS.announcements }, Date.now());
    await emulator.command({
      name: 'fireside',
      subcommand: 'schedule',
      userId: IDS.moderator,
      options: [
        { name: 'title', value: 'Benchmark fireside' },
        { name: 'start', value: 'in 3 days' },
      ],
    });
    const announcement = (await emulator.waitFor(() =>
      emulator.channelMessages(IDS.announcements).at(-1),
    )) as EmulatedMessage;
    await setup.stop();
    const going = announcement.components[0].components[0].custom_id as string;
    // The second floor makes the bot's two calls with payloads of the bot's size: the embed, then a short note.
    const sameAnswers = {
      clickUpdate: { embeds: announcement.embeds.map(apiJson), allowedMentions: NO_MENTIONS },
      clickFollowUp: ephemeral("You're going to **Benchmark fireside**."),
    };
    const click = (userId: string, until: 'callback' | 'follow-up') =>
      emulator.click({ message: announcement, customId: going, userId, timeoutMs: 30_000, until });

    for (let r = 0; r < options.rounds; r++) {
      // The first `clicks` members are timed, the rest warm up first; the bot only ever sees each member once.
      const round = members.slice(r * perRound, (r + 1) * perRound);
      const run = (until: 'callback' | 'follow-up') =>
        drive(options.clicks, options.concurrency, (i) => click(round[i] as string, until), WARMUP);
      for (const [floors, answers, until] of [
        [bare, {}, 'callback'],
        [sameCalls, sameAnswers, 'follow-up'],
      ] as const) {
        const floor = await startBareClient(emulator.apiUrl, { ...answers, applicationId: emulator.applicationId });
        floors.push(await run(until));
        await floor.destroy();
      }
      const app = await startApp({ config, logger });
      bot.push(await run('follow-up'));
      await app.stop();
    }
  } finally {
    await emulator.close();
    rmSync(folder, { recursive: true, force: true });
  }
  const bareRate = median(bare.map((r) => r.perSecond));
  const sameCallsRate = median(sameCalls.map((r) => r.perSecond));
  const botRate = median(bot.map((r) => r.perSecond));
  const p99 = (results: LoadResult[], which: 'p99Ms' | 'callbackP99Ms') => round(median(results.map((r) => r[which])));
  return {
    'bare client, callback only: clicks/s': round(bareRate, 0),
    'bare client, same two calls: clicks/s': round(sameCallsRate, 0),
    'RSVP clicks/s (both answers received)': round(botRate, 0),
    'p99 ms to callback: bare / same calls / RSVP': `${p99(bare, 'callbackP99Ms')} / ${p99(sameCalls, 'callbackP99Ms')} / ${p99(bot, 'callbackP99Ms')}`,
    'p99 ms to follow-up: same calls / RSVP': `${p99(sameCalls, 'p99Ms')} / ${p99(bot, 'p99Ms')}`,
    'RSVP ÷ bare, same two calls (target ≥ 0.80)': round(botRate / sameCallsRate),
    'RSVP ÷ bare, callback only': round(botRate / bareRate),
    'CPU ms per click: bare / same calls / RSVP': `${cpuEach(bare)} / ${cpuEach(sameCalls)} / ${cpuEach(bot)}`,
    'same-calls CPU ÷ RSVP CPU': round(cpuEach(sameCalls) / cpuEach(bot)),
  };
}
