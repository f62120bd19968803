import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';

const valid = { DISCORD_TOKEN: 'secret-token-value', DISCORD_APPLICATION_ID: '100000000000000001' };

describe('configuration', () => {
  it('applies defaults', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      DISCORD_API_URL: 'https://discord.com/api',
      DATABASE_PATH: 'data/bot.sqlite',
      CONTENT_DIR: 'content',
      LOG_LEVEL: 'info',
      DEFAULT_TIMEZONE: 'UTC',
    });
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
  });

  it('treats empty values as unset, as in a copied .env.example', () => {
    expect(loadConfig({ ...valid, DISCORD_GUILD_ID: '', DISCORD_API_URL: '' }).DISCORD_API_URL).toBe(
      'https://discord.com/api',
    );
  });

  it('keeps the default time zone in its standard spelling, as /setup stores one', () => {
    expect(loadConfig({ ...valid, DEFAULT_TIMEZONE: 'europe/paris' }).DEFAULT_TIMEZONE).toBe('Europe/Paris');
    // Node 20's Intl would give Europe/Kiev and Asia/Calcutta: the name set is kept.
    expect(loadConfig({ ...valid, DEFAULT_TIMEZONE: 'Europe/Kyiv' }).DEFAULT_TIMEZONE).toBe('Europe/Kyiv');
    expect(loadConfig({ ...valid, DEFAULT_TIMEZONE: 'Asia/Kolkata' }).DEFAULT_TIMEZONE).toBe('Asia/Kolkata');
  });

  it('lists every problem in one message without echoing any value', () => {
    let message = '';
    try {
      loadConfig({
        DISCORD_TOKEN: 'secret-token-value',
        DISCORD_APPLICATION_ID: 'abc',
        DISCORD_API_URL: 'ftp://example',
        LOG_LEVEL: 'loud',
        DEFAULT_TIMEZONE: 'Mars/Olympus',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of ['DISCORD_APPLICATION_ID', 'DISCORD_API_URL', 'LOG_LEVEL', 'DEFAULT_TIMEZONE']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('secret-token-value');
    expect(message).not.toContain('Mars/Olympus');
  });

  it('names a missing token', () => {
    expect(() => loadConfig({ DISCORD_APPLICATION_ID: '100000000000000001' })).toThrow(/DISCORD_TOKEN is required/);
  });

  it('reads the backup settings, off by default, and refuses a bad count or time', () => {
    expect(loadConfig(valid)).toMatchObject({ BACKUP_KEEP: 7, BACKUP_AT: '03:30' });
    expect(loadConfig(valid).BACKUP_DIR).toBeUndefined();
    expect(loadConfig({ ...valid, BACKUP_DIR: '/srv/b', BACKUP_KEEP: '14', BACKUP_AT: '23:05' })).toMatchObject({
      BACKUP_DIR: '/srv/b',
      BACKUP_KEEP: 14,
      BACKUP_AT: '23:05',
    });
    for (const BACKUP_KEEP of ['0', '-1', '2.5', 'abc'])
      expect(() => loadConfig({ ...valid, BACKUP_KEEP }), BACKUP_KEEP).toThrow(
        'BACKUP_KEEP must be a whole number from 1',
      );
    for (const BACKUP_AT of ['24:00', '3:30', '03:60', 'midnight'])
      expect(() => loadConfig({ ...valid, BACKUP_AT }), BACKUP_AT).toThrow('BACKUP_AT must be a time of day as HH:MM');
  });
});
