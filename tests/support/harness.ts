import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  botEnvironment,
  type Emulator,
  type EmulatorOptions,
  IDS,
  type InteractionResult,
  startEmulator,
} from '@healing-library/discord-emulator';
import { type App, type AppOptions, startApp } from '../../src/app.js';
import { type Config, configSchema } from '../../src/core/config.js';
import { createLogger, type Logger } from '../../src/core/log.js';
import type { SettingsPatch } from '../../src/firesides/types.js';
import { createOpenApiValidator } from './openapi-validator.js';

export interface HarnessOptions {
  emulator?: Omit<EmulatorOptions, 'onRequest'>;
  /** Extra or overriding settings (CONTENT_DIR, DEFAULT_TIMEZONE, …). */
  env?: Record<string, string>;
  now?: () => Date;
  /** Tick interval and lease of the scheduler; `{ cron: false }` leaves ticking to the test. */
  scheduler?: AppOptions['scheduler'];
  /** Reuse the database of another harness (two bot processes on one file). */
  databasePath?: string;
  /** The logger's level (default 'debug'); the log privacy test runs at 'trace'. */
  logLevel?: string;
  /** The gateway shards the bot serves, as a shard process of the sharding manager would (default: all, one shard). */
  shards?: AppOptions['shards'];
}

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

export interface Harness {
  readonly emulator: Emulator;
  readonly app: App;
  readonly config: Config;
  /** Every line the bot logged, parsed. */
  readonly logs: LogLine[];
  /** False when the OpenAPI file is missing: requests are then not validated (tests/e2e/openapi.test.ts says so loudly). */
  readonly validating: boolean;
  /** Stops the bot and starts it again on the same database and emulator, as after a crash or deploy. */
  restart(): Promise<App>;
  /** A second bot process on the same database and emulator. */
  startAnother(options?: Partial<AppOptions>): Promise<App>;
  stop(): Promise<void>;
}

/** A logger whose lines are kept for assertions; LOG_LEVEL in the environment also prints them. */
function captureLogger(lines: LogLine[], level: string): Logger {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      const line = JSON.parse(String(chunk)) as LogLine;
      lines.push(line);
      if (process.env.HARNESS_LOGS) process.stderr.write(chunk);
      done();
    },
  });
  return createLogger(level, sink);
}

/**
 * The real bot (the same composition root as `npm start`) against the project's Discord emulator on loopback,
 * with every request the bot sends validated against Discord's OpenAPI description.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const validator = await createOpenApiValidator();
  const clock = options.now;
  const emulator = await startEmulator({
    // Discord and the bot read one clock, so a test that moves time moves both.
    now: clock ? () => clock().getTime() : undefined,
    ...options.emulator,
    onRequest: (request) => {
      const errors = validator?.validateRequest(request) ?? [];
      if (errors.length) throw new Error(`${request.method} ${request.path}: ${errors.join('; ')}`);
    },
  });
  const folder = mkdtempSync(join(tmpdir(), 'healing-bot-'));
  const config = configSchema.parse({
    ...botEnvironment(emulator),
    DATABASE_PATH: options.databasePath ?? join(folder, 'bot.sqlite'),
    CONTENT_DIR: 'content',
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const logs: LogLine[] = [];
  const logger = captureLogger(logs, options.logLevel ?? 'debug');
  const launch = (extra: Partial<AppOptions> = {}) =>
    startApp({ config, logger, now: options.now, scheduler: options.scheduler, shards: options.shards, ...extra });
  const apps: App[] = [];
  let app: App;
  try {
    app = await launch();
  } catch (error) {
    await emulator.close();
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  apps.push(app);

  return {
    emulator,
    config,
    logs,
    validating: validator !== null,
    get app() {
      return app;
    },
    async restart() {
      await app.stop();
      app = await launch();
      apps.push(app);
      return app;
    },
    async startAnother(extra) {
      const another = await launch(extra);
      apps.push(another);
      return another;
    },
    async stop() {
      await Promise.allSettled(apps.map((each) => each.stop()));
      await emulator.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * The bot on a clock the test moves (Discord's too), in UTC, with the scheduler ticked by the test, and the
 * default server's announcement channel set (plus any other settings given).
 */
export async function startClockedHarness(
  clock: () => number,
  settings: SettingsPatch = {},
  options: Pick<HarnessOptions, 'emulator' | 'shards'> = {},
): Promise<Harness> {
  const harness = await startHarness({
    ...options,
    env: { DEFAULT_TIMEZONE: 'UTC' },
    now: () => new Date(clock()),
    scheduler: { cron: false },
  });
  harness.app.deps.firesides.settings.update(
    IDS.guild,
    { announcementChannelId: IDS.announcements, ...settings },
    clock(),
  );
  return harness;
}

/** The text the member finally sees: the reply, or the last edit of a deferred reply. */
export async function replyText(emulator: Emulator, result: InteractionResult): Promise<string> {
  if (result.callback?.type !== 5) return result.callback?.data?.content ?? '';
  const edit = await emulator.waitFor(() => result.edits.at(-1), { what: 'the deferred reply' });
  return edit.content as string;
}
