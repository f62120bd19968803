import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../src/app.js';
import { apiJson, ephemeral, NO_MENTIONS } from '../src/discord/replies.js';
import { startBareClient } from '../src/emulator/bare-client.js';
import { configForEmulator, defaultGuild, type EmulatedMessage, IDS, startEmulator } from '../src/emulator/index.js';
import { createLogger } from '../src/log.js';
import { drive, type LoadResult } from './interactions.js';
import { cpuEach, median, round } from './stats.js';

/**
 * RSVP clicks on one announcement, each by a different member, next to a bare discord.js client that answers each
 * click with a constant update (the floor of the stack). Rounds alternate so both see the same machine load.
 * The bot answers with the refreshed embed and then an ephemeral follow-up (the issue asks for both), so the floor
 * is measured twice: answering `ok`, and making the same two calls with payloads of the same size.
 */
const WARMUP = 100;

export async function benchRsvp(options: { rounds: number; clicks: number; concurrency: number }) {
  const perRound = options.clicks + WARMUP;
  const members = Array.from({ length: options.rounds * perRound }, (_, i) =>
    String(800_000_000_000_000_000n + BigInt(i)),
  );
  const guild = defaultGuild();
  for (const userId of members) guild.members.push({ userId, username: `m${userId.slice(-4)}`, roles: [] });
  const emulator = await startEmulator({ guilds: [guild], callbackDeadlineMs: 0 });
  const folder = mkdtempSync(join(tmpdir(), 'healing-bench-'));
  const config = configForEmulator(emulator, { DATABASE_PATH: join(folder, 'bench.sqlite') });
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
    const click = (userId: string) =>
      emulator.click({ message: announcement, customId: going, userId, timeoutMs: 30_000 });

    for (let r = 0; r < options.rounds; r++) {
      // The first `clicks` members are timed, the rest warm up first; the bot only ever sees each member once.
      const round = members.slice(r * perRound, (r + 1) * perRound);
      const run = () => drive(options.clicks, options.concurrency, (i) => click(round[i] as string), WARMUP);
      for (const [floors, answers] of [
        [bare, {}],
        [sameCalls, sameAnswers],
      ] as const) {
        const floor = await startBareClient(emulator.apiUrl, answers);
        floors.push(await run());
        await floor.destroy();
      }
      const app = await startApp({ config, logger });
      bot.push(await run());
      await app.stop();
    }
  } finally {
    await emulator.close();
    rmSync(folder, { recursive: true, force: true });
  }
  const bareRate = median(bare.map((r) => r.perSecond));
  const sameCallsRate = median(sameCalls.map((r) => r.perSecond));
  const botRate = median(bot.map((r) => r.perSecond));
  return {
    'bare client clicks/s (update only)': round(bareRate, 0),
    'bare client p99 ms': round(median(bare.map((r) => r.p99Ms))),
    'bare client clicks/s (same two calls, same payloads)': round(sameCallsRate, 0),
    'RSVP clicks/s': round(botRate, 0),
    'RSVP p50 ms': round(median(bot.map((r) => r.p50Ms))),
    'RSVP p99 ms': round(median(bot.map((r) => r.p99Ms))),
    'RSVP throughput / bare update-only (target ≥ 0.80)': round(botRate / bareRate),
    'RSVP throughput / bare with the same calls and payloads': round(botRate / sameCallsRate),
    'CPU ms per click: bare / same calls / RSVP': `${cpuEach(bare)} / ${cpuEach(sameCalls)} / ${cpuEach(bot)}`,
    'bare CPU cost ÷ RSVP CPU cost': round(cpuEach(bare) / cpuEach(bot)),
    'same-calls CPU cost ÷ RSVP CPU cost': round(cpuEach(sameCalls) / cpuEach(bot)),
  };
}
