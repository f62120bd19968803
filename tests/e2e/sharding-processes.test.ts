import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CommandOption,
  defaultGuild,
  type EmulatedMessage,
  type Emulator,
  type GuildFixture,
  IDS,
  PERMISSIONS,
  shardOf,
  startEmulator,
} from '@healing-library/discord-emulator';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/open.js';
import { createFiresideStores } from '../../src/firesides/index.js';
import { createSchedulingStores } from '../../src/scheduler/index.js';
import { componentsOf } from '../support/components.js';
import { replyText } from '../support/harness.js';
import { createOpenApiValidator } from '../support/openapi-validator.js';
import { PROJECT_ROOT as root, TSX_LOADER as tsx } from '../support/processes.js';

/** A server on shard 1 of 2 ((id >> 22) % 2 = 1), where the default server is on shard 0. */
const B = {
  guild: '200000000004194305',
  announcements: '300000000000000021',
  adminRole: '400000000000000021',
  fern: IDS.secondMember,
};

function serverOnShardOne(): GuildFixture {
  return {
    id: B.guild,
    name: 'Circle on shard one',
    ownerId: IDS.admin,
    channels: [{ id: B.announcements, name: 'announcements', type: 0 }],
    roles: [
      {
        id: B.guild,
        name: '@everyone',
        permissions: (PERMISSIONS.VIEW_CHANNEL | PERMISSIONS.SEND_MESSAGES).toString(),
      },
      { id: B.adminRole, name: 'Admin', permissions: PERMISSIONS.ADMINISTRATOR.toString() },
    ],
    members: [
      { userId: B.fern, username: 'fern', roles: [] },
      { userId: IDS.member, username: 'river', roles: [] },
      { userId: IDS.admin, username: 'willow', roles: [B.adminRole] },
    ],
  };
}

/** A port free a moment ago, for the manager's HEALTH_PORT (0 would be logged, not known here in advance). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface LogLine {
  msg?: string;
  pid?: number;
  shards?: number[];
}

/**
 * `npm start` with SHARD_COUNT=2 as a real process: discord.js's ShardingManager and two shard processes on one
 * database file, against the emulator in this process; the scheduler keeps its production tick (15 s) and lease
 * (30 s), so a reminder is made due a few seconds ahead and waited for.
 */
describe('two shards in two processes', () => {
  let emulator: Emulator;
  let manager: ChildProcess;
  let db: Db;
  let output = '';
  let exited: Promise<number | null>;
  let healthPort: number;
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${healthPort}${path}`);
    return { status: response.status, text: await response.text() };
  };
  /** Polls /healthz until its status passes `until`; its body then. */
  const healthUntil = async (until: (status: number) => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { status, text } = await get('/healthz');
      if (until(status)) return JSON.parse(text);
      if (Date.now() > deadline) throw new Error(`/healthz stayed ${status}: ${text}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  /** The sum of a counter's samples with these labels, as the manager serves it for the whole bot. */
  const counted = async (name: string, labels: Record<string, string>) => {
    const family = parsePrometheusTextFormat((await get('/metrics')).text).find((f) => f.name === name);
    return (family?.metrics ?? [])
      .filter((m) => Object.entries(labels).every(([key, value]) => m.labels?.[key] === value))
      .reduce((sum, m) => sum + Number(m.value), 0);
  };
  const lines = () =>
    output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);

  beforeAll(async () => {
    expect([shardOf(IDS.guild, 2), shardOf(B.guild, 2)]).toEqual([0, 1]);
    const validator = await createOpenApiValidator();
    emulator = await startEmulator({
      guilds: [defaultGuild(), serverOnShardOne()],
      onRequest: (request) => {
        const errors = validator?.validateRequest(request) ?? [];
        if (errors.length) throw new Error(`${request.method} ${request.path}: ${errors.join('; ')}`);
      },
    });
    const folder = mkdtempSync(join(tmpdir(), 'healing-shards-'));
    const databasePath = join(folder, 'bot.sqlite');
    // Migrated here first; the test reads and plans on the same file the shards use.
    db = openDatabase(databasePath);
    healthPort = await freePort();
    const settings = createFiresideStores(db).settings;
    settings.update(IDS.guild, { announcementChannelId: IDS.announcements }, Date.now());
    settings.update(B.guild, { announcementChannelId: B.announcements }, Date.now());
    manager = spawn(process.execPath, ['--import', tsx, join(root, 'src/main.ts')], {
      cwd: folder,
      env: {
        PATH: process.env.PATH ?? '',
        DISCORD_TOKEN: 'sharded-test-token',
        DISCORD_APPLICATION_ID: emulator.applicationId,
        DISCORD_API_URL: emulator.apiUrl,
        CONTENT_DIR: join(root, 'content'),
        DATABASE_PATH: databasePath,
        DEFAULT_TIMEZONE: 'UTC',
        SHARD_COUNT: '2',
        HEALTH_PORT: String(healthPort),
      },
    });
    manager.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    manager.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    exited = new Promise((resolve) => manager.on('exit', (code) => resolve(code)));
    await emulator.waitFor(() => output.includes('all shards ready') || manager.exitCode !== null, {
      what: 'both shards ready',
      timeoutMs: 60_000,
    });
    expect(output, output).toContain('all shards ready');
  }, 90_000);

  afterAll(async () => {
    if (manager && manager.exitCode === null) {
      manager.kill('SIGTERM');
      await exited;
    }
    db?.close();
    await emulator?.close();
    expect(emulator?.validationErrors ?? []).toEqual([]);
  }, 60_000);

  const fireside = (guildId: string, userId: string, subcommand: string, options: CommandOption[]) =>
    emulator.command({ name: 'fireside', subcommand, options, guildId, userId, timeoutMs: 15_000 });
  const announcementsIn = (channelId: string) => emulator.channelMessages(channelId);
  const goingButton = (message: EmulatedMessage) =>
    componentsOf(message).find((c) => c.label === 'Going')?.custom_id as string;
  const remindersOf = (userId: string, id: number) =>
    emulator.dmMessages(userId).filter((m) => JSON.stringify(m.components).includes(`cant:${id}`));
  const pidOf = (shard: number) =>
    lines()
      .filter((l) => l.msg === 'shard process started' && l.shards?.[0] === shard)
      .at(-1)?.pid as number;

  async function scheduleAndJoin(guildId: string, channelId: string, memberId: string) {
    const before = announcementsIn(channelId).length;
    const scheduled = await fireside(guildId, IDS.admin, 'schedule', [
      { name: 'title', value: `Circle of ${guildId}` },
      { name: 'start', value: 'in 3 hours' },
    ]);
    expect(await replyText(emulator, scheduled)).toMatch(/^Scheduled/);
    const message = await emulator.waitFor(
      () => announcementsIn(channelId).length > before && announcementsIn(channelId).at(-1),
    );
    const click = await emulator.click({
      message,
      customId: goingButton(message),
      userId: memberId,
      guildId,
      until: 'follow-up',
      timeoutMs: 15_000,
    });
    return { scheduled, click };
  }

  /** A discussion starting in 62 s with a 1-minute reminder, so the reminder is due in 2 s; these members going. */
  function dueSoon(guildId: string, channelId: string, members: string[]): number {
    const { discussions, rsvps } = createFiresideStores(db);
    const now = Date.now();
    const discussion = discussions.create({
      guildId,
      title: 'Due soon',
      startsAt: now + 62_000,
      timezone: 'UTC',
      durationMinutes: 30,
      channelId,
      reminders: [1],
      createdBy: IDS.admin,
      createdAt: now,
    });
    discussions.setMessage(discussion.id, '900000000000000009', now);
    for (const member of members) rsvps.set(discussion.id, member, 'going', now);
    return discussion.id;
  }

  it('connects one session per shard, each with its own servers', () => {
    expect(emulator.connectedShards().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(pidOf(0)).not.toBe(pidOf(1));
  });

  it('serves /healthz once, from the manager, for both shards', async () => {
    const { status, text } = await get('/healthz');
    expect(status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      ok: true,
      gateway: {
        ready: true,
        shards: [
          { id: 0, ready: true },
          { id: 1, ready: true },
        ],
      },
      database: 'ok',
      scheduler: { holdsLease: true },
    });
    // The shard processes leave the port to the manager.
    expect(output).not.toContain('HEALTH_PORT');
  });

  it('answers commands and RSVP clicks in both servers, each from its own shard', async () => {
    const a = await scheduleAndJoin(IDS.guild, IDS.announcements, IDS.member);
    const b = await scheduleAndJoin(B.guild, B.announcements, B.fern);
    for (const { click } of [a, b]) expect(click.followups[0]?.content).toMatch(/going/i);
    // Counted in each process, summed by the manager.
    expect(await counted('healing_interactions_total', { command: 'fireside', outcome: 'answered' })).toBe(2);
    expect(await counted('healing_interactions_total', { command: 'button:rsvp', outcome: 'answered' })).toBe(2);
    expect(a.scheduled.sessionId).toBe(a.click.sessionId);
    expect(b.scheduled.sessionId).toBe(b.click.sessionId);
    expect(a.scheduled.sessionId).not.toBe(b.scheduled.sessionId);
  }, 60_000);

  it('sends a reminder batch once, although both processes run the scheduler', async () => {
    const inA = dueSoon(IDS.guild, IDS.announcements, [IDS.member, IDS.moderator, IDS.admin]);
    const inB = dueSoon(B.guild, B.announcements, [B.fern, IDS.member]);
    const expected: Array<[string, number]> = [
      [IDS.member, inA],
      [IDS.moderator, inA],
      [IDS.admin, inA],
      [B.fern, inB],
      [IDS.member, inB],
    ];
    await emulator.waitFor(() => expected.every(([user, id]) => remindersOf(user, id).length > 0), {
      what: 'every reminder',
      timeoutMs: 40_000,
    });
    // Another tick of every process, which must send nothing again.
    await new Promise((resolve) => setTimeout(resolve, 16_000));
    for (const [user, id] of expected) expect(remindersOf(user, id), `${user} for ${id}`).toHaveLength(1);
    const work = createSchedulingStores(db, createFiresideStores(db)).work;
    const holders = new Set(
      [inA, inB].flatMap((id) => work.forDiscussion(id).flatMap((w) => (w.claimedBy ? [w.claimedBy] : []))),
    );
    expect(holders.size).toBe(1);
  }, 90_000);

  it('respawns a shard process killed with SIGKILL while it holds the lease; nothing lost or sent twice', async () => {
    const stores = createFiresideStores(db);
    const scheduling = createSchedulingStores(db, stores);
    const holder = scheduling.lease.current()?.holder ?? '';
    const holderPid = Number(holder.split(':')[1]);
    const shard = [0, 1].find((s) => pidOf(s) === holderPid);
    expect(shard, `lease holder ${holder} is a shard process`).toBeDefined();
    const rsvpsBefore = db.prepare('SELECT discussion_id, user_id, status FROM rsvps ORDER BY 1, 2').all();
    // The announcements of the two discussions members joined (the channels also get start posts of the due ones).
    const circles = () =>
      [...announcementsIn(IDS.announcements), ...announcementsIn(B.announcements)].filter((m) =>
        JSON.stringify(m.embeds).includes('Circle of'),
      );
    expect(circles()).toHaveLength(2);
    const readyBefore = lines().filter((l) => l.msg === 'shard ready').length;
    process.kill(holderPid, 'SIGKILL');
    // Until the manager has it back, the whole bot is not healthy.
    const down = await healthUntil((status) => status === 503, 10_000);
    expect(down.gateway.shards.find((s: { id: number }) => s.id === shard)).toEqual({ id: shard, ready: false });
    await emulator.waitFor(
      () => pidOf(shard as number) !== holderPid && lines().filter((l) => l.msg === 'shard ready').length > readyBefore,
      {
        what: 'the killed shard respawned and ready',
        timeoutMs: 60_000,
      },
    );
    // Due while nobody alive holds the lease: sent once the dead holder's lease runs out.
    const after = dueSoon(shard === 0 ? IDS.guild : B.guild, shard === 0 ? IDS.announcements : B.announcements, [
      IDS.member,
    ]);
    for (const [guildId, memberId] of [
      [IDS.guild, IDS.member],
      [B.guild, B.fern],
    ] as const) {
      const mine = await fireside(guildId, memberId, 'mine', []);
      expect(JSON.stringify([mine.callback, mine.edits])).toContain(`Circle of ${guildId}`);
    }
    await emulator.waitFor(() => remindersOf(IDS.member, after).length > 0, {
      what: 'the reminder after the crash',
      timeoutMs: 60_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 16_000));
    expect(remindersOf(IDS.member, after)).toHaveLength(1);
    expect(db.prepare('SELECT discussion_id, user_id, status FROM rsvps ORDER BY 1, 2').all()).toEqual(
      expect.arrayContaining(rsvpsBefore as object[]),
    );
    expect(circles()).toHaveLength(2);
    expect((await healthUntil((status) => status === 200, 10_000)).ok).toBe(true);
  }, 150_000);

  it('stops every shard cleanly on SIGTERM and exits 0', async () => {
    const pids = [pidOf(0), pidOf(1)];
    manager.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(lines().filter((l) => l.msg === 'bot stopped')).toHaveLength(2);
    expect(createSchedulingStores(db, createFiresideStores(db)).lease.current()).toBeUndefined();
    expect(output).not.toContain('sharded-test-token');
  }, 60_000);
});
