import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDS } from '@healing-library/discord-emulator';
import Database from 'better-sqlite3';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

async function get(port: number, path: string, method = 'GET') {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { method });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** The value of one sample (a counter or gauge), or a histogram's count, by family name and labels. */
async function sample(port: number, name: string, labels: Record<string, string> = {}): Promise<number> {
  const { text } = await get(port, '/metrics');
  const family = parsePrometheusTextFormat(text).find((each) => each.name === name);
  if (!family) return Number.NaN;
  const match = family.metrics.find((metric) =>
    Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value),
  );
  if (!match) return 0;
  return Number(family.type === 'HISTOGRAM' ? match.count : match.value);
}

describe('/healthz and /metrics of the real bot', () => {
  let harness: Harness;
  let port: number;
  beforeAll(async () => {
    harness = await startHarness({ env: { HEALTH_PORT: '0' } });
    port = harness.app.health?.port as number;
    await harness.emulator.waitFor(() => harness.app.scheduler.status().lastPassEndedAt, { what: 'a scheduler pass' });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('says the bot is healthy: gateway ready, database taking writes, this process holding the lease', async () => {
    const { status, type, text } = await get(port, '/healthz');
    expect(status).toBe(200);
    expect(type).toBe('application/json');
    const health = JSON.parse(text);
    expect(health).toMatchObject({ ok: true, gateway: { ready: true }, database: 'ok' });
    expect(health.gateway.shards).toEqual([{ id: 0, ready: true }]);
    expect(health.scheduler.holdsLease).toBe(true);
    expect(health.scheduler.lastPassSecondsAgo).toBeGreaterThanOrEqual(0);
  });

  it('counts a /modality answered and its first answer, a member error, and scheduler and process metrics', async () => {
    const answered = { command: 'modality', outcome: 'answered' };
    const before = await sample(port, 'healing_interactions_total', answered);
    const timed = await sample(port, 'healing_interaction_first_answer_seconds');
    const result = await harness.emulator.command({
      name: 'modality',
      userId: IDS.member,
      options: [{ name: 'name', value: 'ketamine' }],
    });
    expect(result.callback?.type).toBe(4);
    expect(await sample(port, 'healing_interactions_total', answered)).toBe(before + 1);
    expect(await sample(port, 'healing_interaction_first_answer_seconds')).toBe(timed + 1);

    const wrong = { command: 'modality', outcome: 'user_error' };
    const errorsBefore = await sample(port, 'healing_interactions_total', wrong);
    const refused = await harness.emulator.command({
      name: 'modality',
      userId: IDS.member,
      options: [{ name: 'name', value: 'qqqqzzzz' }],
    });
    expect(refused.ephemeral).toBe(true);
    expect(await sample(port, 'healing_interactions_total', wrong)).toBe(errorsBefore + 1);

    expect(await sample(port, 'healing_scheduler_lease_held')).toBe(1);
    expect(await sample(port, 'healing_scheduler_due_items')).toBe(0);
    expect(await sample(port, 'healing_database_bytes')).toBeGreaterThan(0);
    expect(await sample(port, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it("counts Discord's 429s, and a first answer once Discord took it, never one it refused", async () => {
    const before = await sample(port, 'healing_discord_429_total');
    const timed = await sample(port, 'healing_interaction_first_answer_seconds');
    harness.emulator.failNext(
      { method: 'POST', path: /\/interactions\/\d+\/[^/]+\/callback/ },
      {
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: 0.01, global: false },
        headers: { 'retry-after': '0.01', 'x-ratelimit-scope': 'user' },
      },
    );
    const result = await harness.emulator.command({
      name: 'modality',
      userId: IDS.member,
      options: [{ name: 'name', value: 'ketamine' }],
    });
    expect(result.callback?.type).toBe(4);
    expect(await sample(port, 'healing_discord_429_total')).toBe(before + 1);
    expect(await sample(port, 'healing_interaction_first_answer_seconds')).toBe(timed + 1);

    // Refused twice: the answer, then the apology the error policy sends instead.
    const failed = { command: 'modality', outcome: 'internal_error' };
    const failedBefore = await sample(port, 'healing_interactions_total', failed);
    harness.emulator.failNext(
      { method: 'POST', path: /\/interactions\/\d+\/[^/]+\/callback/ },
      { status: 404, body: { message: 'Unknown interaction', code: 10062 } },
      2,
    );
    const refused = harness.emulator.command({
      name: 'modality',
      userId: IDS.member,
      options: [{ name: 'name', value: 'ketamine' }],
      timeoutMs: 500,
    });
    await expect(refused).rejects.toThrow();
    await vi.waitFor(async () =>
      expect(await sample(port, 'healing_interactions_total', failed)).toBe(failedBefore + 1),
    );
    expect(await sample(port, 'healing_interaction_first_answer_seconds')).toBe(timed + 1);
  });

  it('answers 503, saying why, while another process holds the database write lock', async () => {
    const other = new Database(harness.config.DATABASE_PATH);
    other.exec('BEGIN IMMEDIATE');
    try {
      const { status, text } = await get(port, '/healthz');
      expect(status).toBe(503);
      expect(JSON.parse(text)).toMatchObject({ ok: false, database: expect.stringMatching(/^refuses writes: /) });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await get(port, '/healthz')).status).toBe(200);
  });

  it('answers anything else 404', async () => {
    expect((await get(port, '/')).status).toBe(404);
    expect((await get(port, '/healthz/x')).status).toBe(404);
    expect((await get(port, '/healthz', 'POST')).status).toBe(404);
  });
});

describe('HEALTH_PORT', () => {
  it('taken: one line, and the bot goes on serving members without /healthz and /metrics', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    const harness = await startHarness({ env: { HEALTH_PORT: String(port) } });
    try {
      expect(harness.app.health).toBeUndefined();
      const lines = harness.logs.filter((line) => String(line.msg).startsWith('HEALTH_PORT'));
      expect(lines.map((line) => line.msg)).toEqual([
        `HEALTH_PORT: cannot listen on 127.0.0.1:${port} (EADDRINUSE); the bot goes on without /healthz and /metrics`,
      ]);
      const result = await harness.emulator.command({
        name: 'modality',
        userId: IDS.member,
        options: [{ name: 'name', value: 'ketamine' }],
      });
      expect(result.callback?.type).toBe(4);
    } finally {
      await harness.stop();
      taken.close();
    }
  });

  it('stops with the bot', async () => {
    const harness = await startHarness({ env: { HEALTH_PORT: '0' } });
    const port = harness.app.health?.port as number;
    expect((await get(port, '/healthz')).status).toBe(200);
    await harness.stop();
    await expect(get(port, '/healthz')).rejects.toThrow();
  });
});

describe('scheduler metrics', () => {
  it('count a reminder sent, by kind and outcome', async () => {
    let clock = Date.parse('2030-06-06T08:00:00Z');
    const harness = await startHarness({
      env: { HEALTH_PORT: '0', DEFAULT_TIMEZONE: 'UTC' },
      now: () => new Date(clock),
      scheduler: { cron: false },
    });
    try {
      const port = harness.app.health?.port as number;
      harness.app.deps.firesides.settings.update(
        IDS.guild,
        { announcementChannelId: IDS.announcements, reminders: [60], reminderDelivery: 'dm' },
        clock,
      );
      const scheduled = await harness.emulator.command({
        name: 'fireside',
        subcommand: 'schedule',
        options: [
          { name: 'title', value: 'Evening circle' },
          { name: 'start', value: '2030-06-06 12:00' },
          { name: 'link', value: 'https://meet.example/circle' },
        ],
        userId: IDS.moderator,
        channelId: IDS.general,
      });
      expect(scheduled.ephemeral).toBe(true);
      const announcement = await harness.emulator.waitFor(() => harness.emulator.channelMessages(IDS.announcements)[0]);
      const going = JSON.stringify(announcement.components).match(/rsvp:\d+:going/)?.[0] as string;
      await harness.emulator.click({ message: announcement, customId: going, userId: IDS.member });
      const sent = { kind: 'reminder', outcome: 'sent' };
      await harness.app.scheduler.tick();
      expect(await sample(port, 'healing_scheduler_items_total', sent)).toBe(0);
      clock = Date.parse('2030-06-06T11:00:30Z');
      expect(await sample(port, 'healing_scheduler_due_items')).toBe(1);
      await harness.app.scheduler.tick();
      expect(harness.emulator.dmMessages(IDS.member).length).toBe(1);
      expect(await sample(port, 'healing_scheduler_items_total', sent)).toBe(1);
      expect(await sample(port, 'healing_scheduler_due_items')).toBe(0);
    } finally {
      await harness.stop();
    }
  });
});

describe('backup metrics', () => {
  it('count nightly backups written and failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backups-'));
    const harness = await startHarness({ env: { HEALTH_PORT: '0', BACKUP_DIR: dir } });
    try {
      const port = harness.app.health?.port as number;
      const backups = harness.app.backups as NonNullable<typeof harness.app.backups>;
      await harness.emulator.waitFor(() => harness.app.scheduler.status().holdsLease, { what: 'the lease' });
      expect(await backups.run()).toBe('written');
      expect(await sample(port, 'healing_backups_total', { outcome: 'written' })).toBe(1);
      rmSync(dir, { recursive: true });
      expect(await backups.run()).toBe('failed');
      expect(await sample(port, 'healing_backups_total', { outcome: 'failed' })).toBe(1);
      expect(await sample(port, 'healing_backups_total', { outcome: 'written' })).toBe(1);
    } finally {
      await harness.stop();
    }
  });
});
