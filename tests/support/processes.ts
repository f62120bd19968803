import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Emulator } from '@healing-library/discord-emulator';

/** The project's root folder, for tests that start the bot or its scripts as real processes. */
export const PROJECT_ROOT = new URL('../..', import.meta.url).pathname;

/** tsx's ESM loader by path (as `npm run dev` uses it), so a process can start from any working folder. */
export const TSX_LOADER = new URL('../../node_modules/tsx/dist/esm/index.mjs', import.meta.url).href;

export interface BotProcess {
  child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr. */
  output(): string;
  /** Its exit code. */
  exited: Promise<number | null>;
  /** Waits for `line` in its output (rejecting if it exits first without it). */
  waitFor(line: string, what: string, timeoutMs?: number): Promise<void>;
  /** Sends the signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGTERM if it still runs: for a `finally`, so a failed test leaves no process (nor its shards) behind. */
  kill(): void;
}

/**
 * The bot as a real process against `emulator`, with nothing of this process's environment but PATH: `source` runs
 * src/main.ts through tsx (as `npm run dev`), `linked` the built dist/bot/main.js (as `npm start`).
 */
export function spawnBot(
  emulator: Emulator,
  options: { entry: 'source' | 'linked'; token: string; cwd?: string; env?: Record<string, string> },
): BotProcess {
  const args =
    options.entry === 'source'
      ? ['--import', TSX_LOADER, join(PROJECT_ROOT, 'src/main.ts')]
      : [join(PROJECT_ROOT, 'dist/bot/main.js')];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: options.token,
      DISCORD_APPLICATION_ID: emulator.applicationId,
      DISCORD_API_URL: emulator.apiUrl,
      CONTENT_DIR: join(PROJECT_ROOT, 'content'),
      ...options.env,
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  let gone = false;
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve)).finally(() => {
    gone = true;
  });
  return {
    child,
    output: () => output,
    exited,
    async waitFor(line, what, timeoutMs = 20_000) {
      await emulator.waitFor(() => output.includes(line) || gone, { what, timeoutMs });
      if (!output.includes(line)) throw new Error(`${what}: exited before "${line}":\n${output}`);
    },
    stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
    kill() {
      if (!gone) child.kill('SIGTERM');
    },
  };
}
