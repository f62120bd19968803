import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { botEnvironment, startEmulator } from '@healing-library/discord-emulator';
import { startApp } from '../src/app.js';
import { configSchema } from '../src/core/config.js';
import { createLogger } from '../src/core/log.js';
import { renderMessage } from './render.js';
import type { DemoContext } from './stories.js';
import { stories } from './story-list.js';

/**
 * `npm run demo`: the local Discord emulator, the real bot (the same composition root as `npm start`) and the
 * member stories, printed as a transcript. No token, no network: everything stays on loopback.
 */
async function main(): Promise<void> {
  const emulator = await startEmulator();
  const folder = mkdtempSync(join(tmpdir(), 'healing-demo-'));
  const config = configSchema.parse({
    ...botEnvironment(emulator),
    DATABASE_PATH: join(folder, 'demo.sqlite'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const logger = createLogger(config.LOG_LEVEL, process.stderr);
  // The bot's clock runs with real time; the demo moves it forward to show reminders without waiting an hour.
  let skewMs = 0;
  const startBot = () =>
    startApp({ config, logger, now: () => new Date(Date.now() + skewMs), scheduler: { tickSeconds: 1 } });
  const context: DemoContext = {
    emulator,
    app: await startBot(),
    print: (line) => process.stdout.write(`${line}\n`),
    printMessage: (message) => process.stdout.write(`${renderMessage(message, Date.now() + skewMs)}\n`),
    startBot,
    fastForward: (ms) => {
      skewMs += ms;
    },
    now: () => Date.now() + skewMs,
  };
  context.print(
    `Healing Library bot demo: the real discord.js client against the local emulator at ${emulator.apiUrl}\n`,
  );
  let failed = false;
  try {
    for (const story of stories) {
      context.print(`\n━━ ${story.title} ${'━'.repeat(Math.max(0, 72 - story.title.length))}`);
      await story.play(context);
    }
  } catch (error) {
    failed = true;
    console.error(`The demo stopped: ${(error as Error).message}`);
  } finally {
    await context.app.stop();
    await emulator.close();
    rmSync(folder, { recursive: true, force: true });
  }
  context.print(failed ? '\nDemo failed.' : '\nDemo finished: every story played through the real bot.');
  process.exit(failed ? 1 : 0);
}

void main();
