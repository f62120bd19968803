import type { GuildSettings } from '../../src/firesides/types.js';

/** A server's fireside settings as the store returns them, for tests of the validators. */
export function guildSettings(overrides: Partial<GuildSettings> = {}): GuildSettings {
  return {
    guildId: '200000000000000001',
    announcementChannelId: '300000000000000002',
    moderatorRoleId: null,
    timezone: 'UTC',
    timezoneIsDefault: false,
    reminders: [1_440, 60],
    reminderDelivery: 'dm',
    remindMaybe: false,
    pingRoleId: null,
    nativeEvents: false,
    retentionDays: 30,
    retentionIsDefault: true,
    ...overrides,
  };
}
