import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultGuild, IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

const MEMBERS = 300;
const memberIds = Array.from({ length: MEMBERS }, (_, i) => String(710_000_000_000_000_000n + BigInt(i)));

function guildWithCrowd() {
  const guild = defaultGuild();
  for (const userId of memberIds) guild.members.push({ userId, username: `m${userId.slice(-3)}`, roles: [] });
  return guild;
}

/** Earlier discussions with many answers, so the copy takes many steps and the clicks go on between them. */
function fillHistory(harness: Harness): void {
  const { discussions, rsvps } = harness.app.deps.firesides;
  const now = Date.now();
  harness.app.deps.db.transaction(() => {
    for (let d = 0; d < 20; d++) {
      const { id } = discussions.create({
        guildId: IDS.guild,
        title: `Past fireside ${d}`,
        startsAt: now + (d + 10) * 86_400_000,
        timezone: 'UTC',
        durationMinutes: 60,
        channelId: IDS.announcements,
        createdBy: IDS.moderator,
        createdAt: now,
      });
      for (let m = 0; m < 2_000; m++) rsvps.set(id, String(720_000_000_000_000_000n + BigInt(m)), 'going', now);
    }
  })();
}

describe('a nightly backup taken during a burst of RSVP clicks', () => {
  let harness: Harness;
  let restored: Harness | undefined;
  const backupDir = mkdtempSync(join(tmpdir(), 'healing-backups-'));

  beforeAll(async () => {
    harness = await startHarness({ emulator: { guilds: [guildWithCrowd()] }, env: { BACKUP_DIR: backupDir } });
    harness.app.deps.firesides.settings.update(IDS.guild, { announcementChannelId: IDS.announcements }, Date.now());
    fillHistory(harness);
  });
  afterAll(async () => {
    await restored?.stop();
    await harness?.stop();
    rmSync(backupDir, { recursive: true, force: true });
  });

  it('holds every RSVP answered before it began, and a bot starts on the copy', async () => {
    const { emulator, app } = harness;
    await emulator.command({
      name: 'fireside',
      subcommand: 'schedule',
      userId: IDS.moderator,
      options: [
        { name: 'title', value: 'New moon fireside' },
        { name: 'start', value: 'in 3 days' },
      ],
    });
    const announcement = await emulator.waitFor(() => emulator.channelMessages(IDS.announcements).at(-1), {
      what: 'the announcement',
    });
    const goingId = announcement.components
      .flatMap((row) => row.components)
      .find((button: { label: string }) => button.label === 'Going').custom_id as string;
    const discussionId = Number(goingId.split(':')[1]);
    // The scheduler's lease holder writes the nightly backups; this process took the lease at start.
    await emulator.waitFor(() => app.deps.scheduling.lease.current()?.holder === app.scheduler.holderId, {
      what: 'the scheduler lease',
    });

    const answered: string[] = [];
    let backupRunning = false;
    const answeredDuringBackup: string[] = [];
    const clicks = Promise.all(
      memberIds.map(async (userId, index) => {
        await new Promise((resolve) => setTimeout(resolve, index * 2));
        const result = await emulator.click({ message: announcement, customId: goingId, userId, timeoutMs: 30_000 });
        expect(result.callback?.type).toBe(7);
        answered.push(userId);
        if (backupRunning) answeredDuringBackup.push(userId);
      }),
    );
    await emulator.waitFor(() => answered.length >= MEMBERS / 3, { what: 'a third of the clicks answered' });
    const answeredBefore = [...answered];
    backupRunning = true;
    const outcome = await app.backups?.run();
    backupRunning = false;
    await clicks;

    expect(outcome).toBe('written');
    expect(app.backups?.counts).toMatchObject({ written: 1, failed: 0 });
    // The copy was taken in steps while members kept being answered.
    expect(answeredDuringBackup.length).toBeGreaterThan(0);
    const [file] = readdirSync(backupDir);
    expect(file).toMatch(/^bot-\d{8}T\d{6}Z\.sqlite$/);

    // A bot started on the copy, as after a restore: quick_check passes, migrations are current, the answers are there.
    restored = await startHarness({ databasePath: join(backupDir, file as string) });
    const going = new Set(
      restored.app.deps.firesides.rsvps.listByStatus(discussionId, 'going').map((rsvp) => rsvp.userId),
    );
    expect(answeredBefore.filter((userId) => !going.has(userId))).toEqual([]);
    expect(going.size).toBeLessThanOrEqual(MEMBERS);
    expect(restored.app.deps.firesides.rsvps.counts(discussionId).going).toBe(going.size);
    expect(restored.app.deps.firesides.discussions.get(discussionId)?.title).toBe('New moon fireside');
    expect(emulator.validationErrors).toEqual([]);
  }, 60_000);
});

describe('a BACKUP_DIR that is missing at start', () => {
  it('is one warning, and the bot serves members', async () => {
    const missing = join(tmpdir(), 'healing-no-such-folder', 'backups');
    const harness = await startHarness({ env: { BACKUP_DIR: missing } });
    try {
      const warnings = harness.logs.filter((line) => line.level === 40).map((line) => line.msg);
      expect(warnings).toEqual([
        `BACKUP_DIR ${missing} does not exist: nightly backups will fail until it is fixed; the bot keeps serving`,
      ]);
      const result = await harness.emulator.command({
        name: 'modality',
        options: [{ name: 'name', value: 'ketamine' }],
      });
      expect(result.callback?.type).toBe(4);
      expect(await harness.app.backups?.run()).toBe('failed');
      expect(harness.logs.filter((line) => line.level === 50).map((line) => line.msg)).toEqual([
        `nightly backup failed: The folder ${missing} does not exist: create it first, or give another path.`,
      ]);
    } finally {
      await harness.stop();
    }
  });

  it('through a file (stat throws ENOTDIR, as EACCES for a folder the bot may not enter) is one warning too', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'healing-backup-file-')), 'a-file');
    writeFileSync(file, 'x');
    const harness = await startHarness({ env: { BACKUP_DIR: join(file, 'backups') } });
    try {
      expect(harness.logs.filter((line) => line.level === 40).map((line) => line.msg)).toEqual([
        `BACKUP_DIR ${join(file, 'backups')} cannot be reached (ENOTDIR): nightly backups will fail until it is fixed; the bot keeps serving`,
      ]);
      const result = await harness.emulator.command({
        name: 'modality',
        options: [{ name: 'name', value: 'ketamine' }],
      });
      expect(result.callback?.type).toBe(4);
      expect(harness.app.scheduler.status().holdsLease).toBe(true);
    } finally {
      await harness.stop();
    }
  });
});
