import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { botEnvironment, DM_OPENS, defaultGuild, IDS, startEmulator } from '@healing-library/discord-emulator';
import { configSchema } from '../src/core/config.js';
import { createLogger } from '../src/core/log.js';
import { built } from './built.js';
import { percentile, round } from './stats.js';

const START = Date.parse('2030-06-06T19:00:00Z');

/**
 * 1,000 reminder DMs through the real scheduler and REST queue against the emulator with Discord's global limit
 * and its limit on opening DM channels (40003) on, while /modality is used: the time to deliver them next to the
 * floor the limits allow (two requests per DM, open the DM channel and post, and no more openings a second than
 * the emulator accepts), and the p99 of /modality answered meanwhile.
 */
export async function benchReminders(
  options: { members?: number; globalPerSecond?: number } = {},
): Promise<Record<string, number | string>> {
  const { startApp } = await built<typeof import('../src/app.js')>('src/app.js');
  const members = options.members ?? 1_000;
  // @discordjs/rest holds itself to 50 requests/s (its globalRequestsPerSecond), so a higher emulated limit would
  // not shorten the run: the floor is the lower of the two.
  const globalPerSecond = options.globalPerSecond ?? 50;
  const guild = defaultGuild();
  const userIds = Array.from({ length: members }, (_, i) => String(600_000_000_000_000_000n + BigInt(i)));
  for (const userId of userIds) guild.members.push({ userId, username: `member${userId.slice(-4)}`, roles: [] });
  const emulator = await startEmulator({ guilds: [guild], rateLimit: { globalPerSecond } });
  const folder = mkdtempSync(join(tmpdir(), 'healing-bench-'));
  let clock = START - 61 * 60_000;
  const config = configSchema.parse({
    ...botEnvironment(emulator),
    DATABASE_PATH: join(folder, 'bench.sqlite'),
  });
  const progress: string[] = [];
  let refusals = 0;
  const logger = createLogger('info', {
    write(line: string) {
      if (line.includes('reminder DMs in progress')) progress.push(line);
      if (line.includes('DMs are opened too fast')) refusals++;
      return true;
    },
  } as unknown as NodeJS.WritableStream);
  const app = await startApp({ config, logger, now: () => new Date(clock), scheduler: { cron: false } });
  try {
    const { firesides } = app.deps;
    firesides.settings.update(IDS.guild, { announcementChannelId: IDS.announcements, reminderDelivery: 'dm' }, clock);
    const discussion = firesides.discussions.create({
      guildId: IDS.guild,
      title: 'Full moon fireside',
      startsAt: START,
      timezone: 'UTC',
      durationMinutes: 60,
      channelId: IDS.announcements,
      reminders: [60, 10],
      createdBy: IDS.moderator,
      createdAt: clock,
    });
    firesides.discussions.setMessage(discussion.id, '900000000000000001', clock);
    app.deps.db.transaction(() => {
      for (const userId of userIds) firesides.rsvps.set(discussion.id, userId, 'going', clock);
    })();
    await app.scheduler.tick(); // plans the reminder
    clock = START - 60 * 60_000 + 1_000;

    const started = performance.now();
    let done = false;
    const batch = app.scheduler.tick().finally(() => {
      done = true;
    });
    const latencies: number[] = [];
    while (!done) {
      const begin = performance.now();
      const result = await emulator.command({
        name: 'modality',
        options: [{ name: 'name', value: 'ketamine' }],
        timeoutMs: 30_000,
      });
      if (!result.callback) throw new Error('/modality got no callback');
      latencies.push(performance.now() - begin);
    }
    const report = await batch;
    const seconds = (performance.now() - started) / 1_000;
    const delivered = userIds.reduce((sum, userId) => sum + emulator.dmMessages(userId).length, 0);
    // The 10-minute reminder to the same members: their DM channels are known now, one request per DM.
    clock = START - 10 * 60_000 + 1_000;
    const secondStarted = performance.now();
    const second = await app.scheduler.tick();
    const secondSeconds = (performance.now() - secondStarted) / 1_000;
    const limited = emulator.requests.filter((r) => r.route === '/users/@me/channels').length;
    const opensPerSecond = (DM_OPENS.limit * 1_000) / DM_OPENS.windowMs;
    const floor = Math.max((2 * members) / Math.min(globalPerSecond, 50), members / opensPerSecond);
    return {
      'reminder DMs delivered': `${delivered} / ${members}`,
      'items sent by the tick': report.sent,
      'delivery s': round(seconds, 1),
      [`floor s (2 requests per DM, ${opensPerSecond} DM openings/s)`]: round(floor, 1),
      'delivery / floor': round(seconds / floor),
      'DM channel opens requested': limited,
      'refused as too fast (40003)': refusals,
      'invalid requests (401/403/429) in the emulator window': emulator.invalidRequestCount(),
      'progress log lines': progress.length,
      'second batch to the same members s (DM channels remembered)': round(secondSeconds, 1),
      'second batch floor s (1 request per DM)': round(members / Math.min(globalPerSecond, 50), 1),
      'second batch items sent': second.sent,
      'reminder DMs received in all': userIds.reduce((sum, userId) => sum + emulator.dmMessages(userId).length, 0),
      '/modality answered during the batch': latencies.length,
      '/modality p50 ms': round(percentile([...latencies], 50)),
      '/modality p99 ms': round(percentile([...latencies], 99)),
    };
  } finally {
    await app.stop();
    await emulator.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchReminders().then((result) => console.table(result));
}
