import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@healing-library/discord-emulator';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../src/db/migrations.js';
import { PROJECT_ROOT as root, spawnBot, TSX_LOADER as tsx } from './support/processes.js';

/** `npm start` as an operator runs it: one clear message and exit code 1 for what it cannot serve. */
function start(env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'healing-start-'));
  const result = spawnSync(process.execPath, ['--import', tsx, join(root, 'src/main.ts')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { ...result, cwd };
}

describe('starting the bot', () => {
  it('refuses bad settings with one message listing each problem, never printing the token', () => {
    const result = start({ DISCORD_TOKEN: 'very-secret-token', DISCORD_APPLICATION_ID: '12', LOG_LEVEL: 'chatty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid settings');
    expect(result.stderr).toContain('DISCORD_APPLICATION_ID');
    expect(result.stderr).toContain('LOG_LEVEL');
    expect(result.stderr + result.stdout).not.toContain('very-secret-token');
  });

  it('reads .env from the working folder', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'healing-env-'));
    writeFileSync(join(cwd, '.env'), 'DISCORD_APPLICATION_ID=not-an-id\n');
    const result = spawnSync(process.execPath, ['--import', tsx, join(root, 'src/main.ts')], {
      cwd,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DISCORD_TOKEN is required');
    expect(result.stderr).toContain('DISCORD_APPLICATION_ID must be a Discord id');
  });

  it('refuses invalid content with messages naming the file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'healing-content-'));
    const pages = join(dir, 'modalities');
    mkdirSync(pages);
    writeFileSync(join(pages, 'broken.md'), '---\ntitle: Broken\n---\n\nno heading here\n');
    const result = start({
      DISCORD_TOKEN: 'very-secret-token',
      DISCORD_APPLICATION_ID: '100000000000000001',
      CONTENT_DIR: dir,
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/broken\.md:\d+/);
    expect(result.stderr + result.stdout).not.toContain('very-secret-token');
  });

  it('explains an unwritable database path', () => {
    const result = start({
      DISCORD_TOKEN: 'very-secret-token',
      DISCORD_APPLICATION_ID: '100000000000000001',
      DATABASE_PATH: '/dev/null/no/bot.sqlite',
      CONTENT_DIR: join(root, 'content'),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Cannot open the database at /dev/null/no/bot.sqlite');
  });

  it('refuses a database written by a newer version of the bot and leaves it untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'healing-newer-'));
    const path = join(dir, 'bot.sqlite');
    const newer = new Database(path);
    newer.exec("CREATE TABLE from_the_future (x TEXT); INSERT INTO from_the_future VALUES ('kept');");
    newer.pragma(`user_version = ${loadMigrations().length + 1}`);
    newer.close();
    const before = readFileSync(path);
    const result = start({
      DISCORD_TOKEN: 'very-secret-token',
      DISCORD_APPLICATION_ID: '100000000000000001',
      DATABASE_PATH: path,
      CONTENT_DIR: join(root, 'content'),
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `The database at ${path} is at version ${loadMigrations().length + 1}, ` +
        `but this version of the bot knows versions up to ${loadMigrations().length}`,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['bot.sqlite']);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('stops cleanly on %s: exit code 0, database closed', async (signal) => {
    const emulator = await startEmulator();
    const cwd = mkdtempSync(join(tmpdir(), 'healing-signal-'));
    try {
      const bot = spawnBot(emulator, { entry: 'source', token: 'very-secret-token', cwd });
      await bot.waitFor('bot ready', 'the bot to start');
      expect(await bot.stop(signal)).toBe(0);
      const output = bot.output();
      expect(output).toContain('bot stopped');
      expect(output).not.toContain('very-secret-token');
      // WAL files are folded back and removed when the last connection closes cleanly.
      expect(existsSync(join(cwd, 'data/bot.sqlite'))).toBe(true);
      expect(existsSync(join(cwd, 'data/bot.sqlite-wal'))).toBe(false);
    } finally {
      await emulator.close();
    }
  });
  it('a second signal while stopping does not cut the stop short: the interaction in flight is answered, exit 0', async () => {
    const emulator = await startEmulator();
    const cwd = mkdtempSync(join(tmpdir(), 'healing-signal-'));
    try {
      const bot = spawnBot(emulator, { entry: 'source', token: 'very-secret-token', cwd });
      await bot.waitFor('bot ready', 'the bot to start');
      // The reply is held, so the stop waits on the interaction in flight while the second signal arrives.
      const held = emulator.holdNext({ method: 'POST', path: /\/callback$/ });
      const command = emulator.command({ name: 'modality', options: [{ name: 'name', value: 'ketamine' }] });
      await held.reached;
      bot.child.kill('SIGTERM');
      await bot.waitFor('shutting down', 'the first signal handled');
      bot.child.kill('SIGTERM');
      await bot.waitFor('already shutting down', 'the second signal handled');
      held.release();
      expect(await bot.exited).toBe(0);
      expect((await command).callback?.data.embeds?.[0]).toBeDefined();
      expect(bot.output()).toContain('bot stopped');
    } finally {
      await emulator.close();
    }
  });
  it('a second signal during a start stuck on Discord ends the process at once (nothing is in flight yet)', async () => {
    const emulator = await startEmulator();
    const held = emulator.holdNext({ method: 'GET', path: /\/gateway\/bot$/ });
    const bot = spawnBot(emulator, {
      entry: 'source',
      token: 'very-secret-token',
      cwd: mkdtempSync(join(tmpdir(), 'healing-stuck-')),
    });
    try {
      await held.reached;
      bot.child.kill('SIGINT');
      await bot.waitFor('shutting down', 'the first signal handled');
      bot.child.kill('SIGINT');
      expect(await bot.exited).toBe(1);
      expect(bot.output()).toContain('signalled again while starting: exiting now');
    } finally {
      bot.kill();
      held.release();
      await emulator.close();
    }
  });
  it('refuses SHARD_COUNT 0, -1 or abc and an invalid SHARDS_PER_PROCESS with one message, before connecting', async () => {
    const emulator = await startEmulator();
    try {
      for (const [name, value] of [
        ['SHARD_COUNT', '0'],
        ['SHARD_COUNT', '-1'],
        ['SHARD_COUNT', 'abc'],
        ['SHARDS_PER_PROCESS', '0'],
      ] as const) {
        const result = start({
          DISCORD_TOKEN: 'very-secret-token',
          DISCORD_APPLICATION_ID: emulator.applicationId,
          DISCORD_API_URL: emulator.apiUrl,
          CONTENT_DIR: join(root, 'content'),
          [name]: value,
        });
        expect(result.status, value).toBe(1);
        expect(result.stderr).toContain(`${name} must be a whole number from 1 to 9999`);
      }
      expect(emulator.requests).toEqual([]);
    } finally {
      await emulator.close();
    }
  }, 60_000);

  it('runs in one process when SHARD_COUNT=auto and Discord recommends one shard', async () => {
    const emulator = await startEmulator();
    const cwd = mkdtempSync(join(tmpdir(), 'healing-auto-'));
    try {
      const bot = spawnBot(emulator, {
        entry: 'source',
        token: 'very-secret-token',
        cwd,
        env: { SHARD_COUNT: 'auto' },
      });
      await bot.waitFor('bot ready', 'the bot to start');
      const output = bot.output();
      expect(output).toContain('shard count recommended by Discord');
      expect(output).not.toContain('shard process started');
      expect(emulator.connectedShards()).toEqual([[0, 1]]);
      expect(await bot.stop()).toBe(0);
    } finally {
      await emulator.close();
    }
  }, 30_000);
});
