import type { Db } from '../db/open.js';
import { offsetsFromJson, offsetsToJson } from './offsets.js';
import {
  DEFAULT_REMINDERS,
  type GuildSettings,
  RETENTION_DAYS,
  type ReminderDelivery,
  type SettingsPatch,
} from './types.js';

interface SettingsRow {
  guild_id: string;
  announcement_channel_id: string | null;
  moderator_role_id: string | null;
  timezone: string | null;
  reminders: string | null;
  reminder_delivery: ReminderDelivery;
  remind_maybe: number;
  ping_role_id: string | null;
  native_events: number;
  retention_days: number | null;
}

const COLUMNS = {
  announcementChannelId: 'announcement_channel_id',
  moderatorRoleId: 'moderator_role_id',
  timezone: 'timezone',
  reminders: 'reminders',
  reminderDelivery: 'reminder_delivery',
  remindMaybe: 'remind_maybe',
  pingRoleId: 'ping_role_id',
  nativeEvents: 'native_events',
  retentionDays: 'retention_days',
} as const satisfies Record<keyof SettingsPatch, string>;

export type SettingsStore = ReturnType<typeof createSettingsStore>;

/** Per-server settings; a server that never ran /setup gets the defaults. */
export function createSettingsStore(db: Db, defaultTimezone = 'UTC') {
  const select = db.prepare<[string], SettingsRow>('SELECT * FROM guild_settings WHERE guild_id = ?');
  const ensure = db.prepare<{ guildId: string; now: number }>(
    'INSERT OR IGNORE INTO guild_settings (guild_id, updated_at) VALUES (@guildId, @now)',
  );
  const setters = Object.fromEntries(
    Object.entries(COLUMNS).map(([key, column]) => [
      key,
      db.prepare<{ guildId: string; value: unknown; now: number }>(
        `UPDATE guild_settings SET ${column} = @value, updated_at = @now WHERE guild_id = @guildId`,
      ),
    ]),
  ) as Record<keyof SettingsPatch, ReturnType<typeof db.prepare>>;

  function toSettings(guildId: string, row: SettingsRow | undefined): GuildSettings {
    return {
      guildId,
      announcementChannelId: row?.announcement_channel_id ?? null,
      moderatorRoleId: row?.moderator_role_id ?? null,
      timezone: row?.timezone ?? defaultTimezone,
      timezoneIsDefault: !row?.timezone,
      reminders: offsetsFromJson(row?.reminders ?? null) ?? [...DEFAULT_REMINDERS],
      reminderDelivery: row?.reminder_delivery ?? 'dm',
      remindMaybe: row?.remind_maybe === 1,
      pingRoleId: row?.ping_role_id ?? null,
      nativeEvents: row?.native_events === 1,
      retentionDays: row?.retention_days ?? RETENTION_DAYS.default,
      retentionIsDefault: row?.retention_days == null,
    };
  }

  function toColumnValue(key: keyof SettingsPatch, value: SettingsPatch[keyof SettingsPatch]): unknown {
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (key === 'reminders') return offsetsToJson(value as number[] | null);
    return value ?? null;
  }

  return {
    get(guildId: string): GuildSettings {
      return toSettings(guildId, select.get(guildId));
    },
    /** Only the keys present in the patch change; `null` resets a setting to its default. */
    update: db.transaction((guildId: string, patch: SettingsPatch, now: number): GuildSettings => {
      ensure.run({ guildId, now });
      for (const [key, value] of Object.entries(patch) as [keyof SettingsPatch, SettingsPatch[keyof SettingsPatch]][]) {
        if (value === undefined) continue;
        setters[key].run({ guildId, value: toColumnValue(key, value), now });
      }
      return toSettings(guildId, select.get(guildId));
    }),
  };
}
