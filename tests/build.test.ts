import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, IDS, startEmulator } from '@healing-library/discord-emulator';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open.js';
import { createFiresideStores } from '../src/firesides/index.js';
import { componentsOf } from './support/components.js';
import { replyText } from './support/harness.js';
import { type BotProcess, PROJECT_ROOT as root, spawnBot } from './support/processes.js';

const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

/** `npm start` as production runs it: the compiled JavaScript with plain node, no TypeScript loader. */
describe('the compiled build', () => {
  beforeAll(() => {
    // Built here rather than trusted from `npm ci`'s prepare, so the test runs the code under test.
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(build.status, build.stdout + build.stderr).toBe(0);
  }, 120_000);

  it('starts with plain node from dist/, the linked entry', () => {
    expect(scripts.start).toBe('node dist/bot/main.js');
    // The sharding manager forks the linked shard entry beside main.js (SHARD_COUNT above 1).
    expect(existsSync(join(root, 'dist/bot/shard.js'))).toBe(true);
  });

  it('links into ASCII only: one character past Latin-1 and V8 would hold the whole 3 MB source twice as wide', () => {
    for (const entry of ['main.js', 'shard.js']) {
      const bytes = readFileSync(join(root, 'dist/bot', entry));
      const at = bytes.findIndex((byte) => byte > 0x7f);
      expect(at < 0 ? null : `${entry}: ${bytes.subarray(Math.max(0, at - 60), at + 20).toString('utf8')}`).toBeNull();
    }
  });

  it("copies discord.js's exports once for all the modules that import it, not once per module (3 MB of heap)", () => {
    for (const entry of ['main.js', 'shard.js']) {
      const source = readFileSync(join(root, 'dist/bot', entry), 'latin1');
      const wrapper = /var (\w+)=__commonJS\(\{"[^"]*node_modules\/discord\.js\/src\/index\.js"/.exec(source)?.[1];
      expect(wrapper, entry).toBeDefined();
      expect(source.split(`__toESM(${wrapper}()`).length - 1, entry).toBe(1);
    }
  });

  it('runs npm run backup from dist/ too: a missing database is one line and exit 1', () => {
    expect(scripts.backup).toBe('node dist/src/db/backup-cli.js');
    const cwd = mkdtempSync(join(tmpdir(), 'healing-compiled-backup-'));
    const result = spawnSync(process.execPath, [join(root, 'dist/src/db/backup-cli.js'), 'copy.sqlite'], {
      cwd,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `No database at ${join(cwd, 'data/bot.sqlite')}: nothing to back up (check DATABASE_PATH).\n`,
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('holds production code only: src/ and commands/, never tests, bench, demo or the emulator', () => {
    const top = readdirSync(join(root, 'dist')).sort();
    expect(top).toEqual(['bot', 'commands', 'src']);
    const files = readdirSync(join(root, 'dist'), { recursive: true, encoding: 'utf8' });
    expect(files.filter((file) => /emulator|demo|bench|\.test\./.test(file))).toEqual([]);
  });

  it('becomes ready against the emulator, answers /modality, loads its lazy packages and stops cleanly', async () => {
    const emulator = await startEmulator();
    let bot: BotProcess | undefined;
    try {
      bot = await startLinked(emulator, {});
      const result = await emulator.command({ name: 'modality', options: [{ name: 'name', value: 'ketamine' }] });
      expect(result.callback?.type).toBe(4);
      expect(result.callback?.data?.embeds?.[0]?.title).toBe('Ketamine Therapy: Overview');
      // chrono-node reads the start and ics writes the calendar file: packages loaded on first use, from node_modules
      // by a require the linker leaves alone.
      const scheduled = await emulator.command({
        name: 'fireside',
        subcommand: 'schedule',
        options: [
          { name: 'title', value: 'Linked circle' },
          { name: 'start', value: 'next friday at 7pm' },
        ],
        userId: IDS.moderator,
        channelId: IDS.general,
      });
      expect(await replyText(emulator, scheduled)).toMatch(/^Scheduled/);
      const message = await emulator.waitFor(() => emulator.channelMessages(IDS.announcements).at(-1));
      const calendar = await emulator.click({
        message,
        customId: componentsOf(message).find((c) => c.label === 'Add to calendar')?.custom_id ?? 'missing',
        userId: IDS.member,
      });
      expect(calendar.files[0]?.data.toString('utf8')).toContain('SUMMARY:Linked circle');
      expect(await bot.stop()).toBe(0);
      expect(bot.output()).not.toContain('compiled-test-token');
    } finally {
      bot?.kill();
      await emulator.close();
    }
  });

  it('with SHARD_COUNT=2 forks the linked shard entry twice, and both shards serve', async () => {
    const emulator = await startEmulator();
    let bot: BotProcess | undefined;
    try {
      bot = await startLinked(emulator, { SHARD_COUNT: '2' }, 'all shards ready');
      const result = await emulator.command({ name: 'modality', options: [{ name: 'name', value: 'ketamine' }] });
      expect(result.callback?.data?.embeds?.[0]?.title).toBe('Ketamine Therapy: Overview');
      expect(bot.output().match(/"msg":"bot ready"/g)).toHaveLength(2);
      expect(await bot.stop()).toBe(0);
    } finally {
      bot?.kill();
      await emulator.close();
    }
  });
});

/**
 * `npm start` as a real process in a folder of its own (its database at data/bot.sqlite, with the announcement
 * channel set), waited for until `readyLine`; the database is migrated before it: the linked code found the SQL files.
 */
async function startLinked(emulator: Emulator, env: Record<string, string>, readyLine = 'bot ready') {
  const cwd = mkdtempSync(join(tmpdir(), 'healing-compiled-'));
  mkdirSync(join(cwd, 'data'));
  const db = openDatabase(join(cwd, 'data/bot.sqlite'));
  createFiresideStores(db).settings.update(IDS.guild, { announcementChannelId: IDS.announcements }, Date.now());
  db.close();
  const bot = spawnBot(emulator, { entry: 'linked', token: 'compiled-test-token', cwd, env });
  try {
    await bot.waitFor(readyLine, 'the linked bot to start', 30_000);
  } catch (error) {
    bot.kill();
    throw error;
  }
  return bot;
}
