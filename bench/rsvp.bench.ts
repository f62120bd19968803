import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../src/app.js';
import { startBareClient } from '../src/emulator/bare-client.js';
import { configForEmulator, defaultGuild, type EmulatedMessage, IDS, startEmulator } from '../src/emulator/index.js';
import { createLogger } from '../src/log.js';
import { drive, type LoadResult } from './interactions.js';
import { median, round } from './stats.js';

/**
 * RSVP clicks on one announcement, each by a different member, next to a bare discord.js client that answers each
 * click with a constant update (the floor of the stack). Rounds alternate so both see the same machine load.
 * The bot also sends each member an ephemeral follow-up after the click's answer (the issue asks for it), so the
 * floor is measured twice: answering only, and answering plus the same follow-up.
 */
export async function benchRsvp(options: { rounds: number; clicks: number; concurrency: number }) {
  const members = Array.from({ length: options.rounds * options.clicks }, (_, i) =>
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
    const click = (userId: string) =>
      emulator.click({ message: announcement, customId: going, userId, timeoutMs: 30_000 });

    for (let r = 0; r < options.rounds; r++) {
      const batch = members.slice(r * options.clicks, (r + 1) * options.clicks);
      const run = () => drive(batch.length, options.concurrency, (i) => click(batch[i] as string));
      for (const [floors, followUpClicks] of [
        [bare, false],
        [sameCalls, true],
      ] as const) {
        const floor = await startBareClient(emulator.apiUrl, { followUpClicks });
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
    'bare client clicks/s (update + ephemeral follow-up)': round(sameCallsRate, 0),
    'RSVP clicks/s': round(botRate, 0),
    'RSVP p50 ms': round(median(bot.map((r) => r.p50Ms))),
    'RSVP p99 ms': round(median(bot.map((r) => r.p99Ms))),
    'RSVP throughput / bare update-only (target ≥ 0.80)': round(botRate / bareRate),
    'RSVP throughput / bare with the same two calls': round(botRate / sameCallsRate),
  };
}
