import type { Emulator } from './types.js';

/**
 * The environment that points a bot at this emulator: no token of Discord's, no network beyond loopback. Plain
 * values, so the emulator knows nothing of the bot's config; the bot parses them with its own schema.
 */
export function botEnvironment(emulator: Pick<Emulator, 'apiUrl' | 'applicationId'>) {
  return {
    DISCORD_TOKEN: 'emulator-token',
    DISCORD_APPLICATION_ID: emulator.applicationId,
    DISCORD_API_URL: emulator.apiUrl,
  };
}
