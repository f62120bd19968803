import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@healing-library/discord-emulator';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT as root } from './support/processes.js';

const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

/** `npm start` as production runs it: the compiled JavaScript with plain node, no TypeScript loader. */
describe('the compiled build', () => {
  beforeAll(() => {
    // Built here rather than trusted from `npm ci`'s prepare, so the test runs the code under test.
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(build.status, build.stdout + build.stderr).toBe(0);
  }, 120_000);

  it('starts with plain node from dist/', () => {
    expect(scripts.start).toBe('node dist/src/main.js');
    // The sharding manager forks the compiled shard entry beside main.js (SHARD_COUNT above 1).
    expect(existsSync(join(root, 'dist/src/shard.js'))).toBe(true);
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
    expect(top).toEqual(['commands', 'src']);
    const files = readdirSync(join(root, 'dist'), { recursive: true, encoding: 'utf8' });
    expect(files.filter((file) => /emulator|demo|bench|\.test\./.test(file))).toEqual([]);
  });

  it('becomes ready against the emulator, answers /modality and stops cleanly', async () => {
    const emulator = await startEmulator();
    const cwd = mkdtempSync(join(tmpdir(), 'healing-compiled-'));
    try {
      const bot = spawn(process.execPath, [join(root, 'dist/src/main.js')], {
        cwd,
        env: {
          PATH: process.env.PATH ?? '',
          DISCORD_TOKEN: 'compiled-test-token',
          DISCORD_APPLICATION_ID: emulator.applicationId,
          DISCORD_API_URL: emulator.apiUrl,
          CONTENT_DIR: join(root, 'content'),
        },
      });
      let output = '';
      bot.stdout.on('data', (chunk) => {
        output += chunk;
      });
      bot.stderr.on('data', (chunk) => {
        output += chunk;
      });
      let gone = false;
      const exited = new Promise<number | null>((resolve) => bot.on('exit', resolve)).finally(() => {
        gone = true;
      });
      // The database at data/bot.sqlite is migrated before "bot ready": the compiled code found the SQL migrations.
      await emulator.waitFor(() => output.includes('bot ready') || gone, {
        what: 'the compiled bot to start',
        timeoutMs: 20_000,
      });
      expect(output).toContain('bot ready');
      const result = await emulator.command({ name: 'modality', options: [{ name: 'name', value: 'ketamine' }] });
      expect(result.callback?.type).toBe(4);
      expect(result.callback?.data?.embeds?.[0]?.title).toBe('Ketamine Therapy: Overview');
      bot.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).not.toContain('compiled-test-token');
    } finally {
      await emulator.close();
    }
  });
});
