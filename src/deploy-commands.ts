import { commands } from '../commands/index.js';
import { loadConfig, readEnvFile } from './core/config.js';
import { StartupError } from './core/errors.js';
import { deployCommands } from './discord/deploy.js';

/** `npm run deploy-commands`. The bot itself never registers commands at start. */
try {
  const config = loadConfig({ ...readEnvFile(), ...process.env });
  const count = await deployCommands(config, commands);
  console.log(
    `Registered ${count} commands ${config.DISCORD_GUILD_ID ? `in guild ${config.DISCORD_GUILD_ID}` : 'globally (may take up to an hour to appear)'}.`,
  );
} catch (error) {
  console.error(
    error instanceof StartupError ? error.message : `Could not register the commands: ${(error as Error).message}`,
  );
  process.exit(1);
}
