import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/db/open.js';
import { startHealthServer } from '../../src/ops/health-server.js';
import { processHealth } from '../../src/ops/process-health.js';

const valid = { DISCORD_TOKEN: 'token', DISCORD_APPLICATION_ID: '100000000000000001' };

describe('/healthz before the gateway is ready', () => {
  it('answers 503 and names the gateway, with no scheduler pass yet', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'health-')), 'bot.sqlite'));
    const client = new Client({ intents: [] });
    const server = await startHealthServer(0, '127.0.0.1', {
      health: async () => processHealth(client, db, undefined),
      metrics: async () => ({ contentType: 'text/plain', body: '' }),
    });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        ok: false,
        gateway: { ready: false, shards: [] },
        database: 'ok',
        scheduler: { holdsLease: false, lastPassSecondsAgo: null },
      });
      db.close();
      const closed = await (await fetch(`http://127.0.0.1:${server.port}/healthz`)).json();
      expect(closed.database).toBe('refuses writes: the database is closed');
    } finally {
      await server.close();
      await client.destroy();
    }
  });
});

describe('HEALTH_PORT and HEALTH_HOST settings', () => {
  it('are off by default, on 127.0.0.1 when set', () => {
    expect(loadConfig(valid).HEALTH_PORT).toBeUndefined();
    expect(loadConfig({ ...valid, HEALTH_PORT: '9464' })).toMatchObject({
      HEALTH_PORT: 9464,
      HEALTH_HOST: '127.0.0.1',
    });
  });

  it.each(['abc', '-1', '70000', '80.5'])('refuses HEALTH_PORT=%s in one clear line', (value) => {
    expect(() => loadConfig({ ...valid, HEALTH_PORT: value })).toThrow(
      'HEALTH_PORT must be a port number from 1 to 65535 (0: any free port, logged)',
    );
  });
});
