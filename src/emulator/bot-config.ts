import { type Config, configSchema } from '../config.js';
import type { Emulator } from './types.js';

/** The settings that point the real bot at this emulator: no token of Discord's, no network beyond loopback. */
export function configForEmulator(
  emulator: Pick<Emulator, 'apiUrl' | 'applicationId'>,
  settings: Record<string, string> & { DATABASE_PATH: string },
): Config {
  return configSchema.parse({
    DISCORD_TOKEN: 'emulator-token',
    DISCORD_APPLICATION_ID: emulator.applicationId,
    DISCORD_API_URL: emulator.apiUrl,
    ...settings,
  });
}
