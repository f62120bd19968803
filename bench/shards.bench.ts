import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { botEnvironment, type Emulator, generatedGuilds, startEmulator } from '@healing-library/discord-emulator';
import { buildOnce } from './built.js';
import { drive } from './interactions.js';
import { median, round } from './stats.js';

const root = new URL('..', import.meta.url).pathname;

interface Running {
  /** The process started: the bot, or the sharding manager. */
  pid: number;
  stop(): Promise<unknown>;
}

/** `npm start` compiled, against the emulator; resolves at `readyLine`. */
async function startBot(emulator: Emulator, env: Record<string, string>, readyLine: string): Promise<Running> {
  const folder = mkdtempSync(join(tmpdir(), 'healing-bench-shards-'));
  const child: ChildProcess = spawn(process.execPath, ['dist/bot/main.js'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      ...botEnvironment(emulator),
      DATABASE_PATH: join(folder, 'bot.sqlite'),
      CONTENT_DIR: join(root, 'content'),
      ...env,
    },
  });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      if (output.includes(readyLine)) resolve();
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.on('exit', () => reject(new Error(`exited before "${readyLine}":\n${output}`)));
  });
  return {
    pid: child.pid as number,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
}

/** `/modality` spread evenly over the servers, driven through the emulator. */
function modalityOver(emulator: Emulator, guildIds: string[], count: number) {
  return drive(
    count,
    16,
    (i) =>
      emulator.command({
        name: 'modality',
        options: [{ name: 'name', value: 'ketamine' }],
        guildId: guildIds[i % guildIds.length],
        timeoutMs: 30_000,
      }),
    200,
  );
}

/**
 * Interactions per second with two shards (the ShardingManager and two shard processes) against one process, on one
 * emulator holding two servers, one on each shard; rounds alternate which runs first and medians are reported.
 * Then the resident memory of one bot process serving 1, 100 and 1,000 emulated servers of 50 channels and
 * 200 members each, read 10 s after "bot ready".
 */
export async function benchShards(options: { rounds: number }) {
  buildOnce();
  const figures: Record<string, number | string> = {};

  const guilds = generatedGuilds(2, { channels: 5, members: 20 });
  const guildIds = guilds.map((g) => g.id);
  const emulator = await startEmulator({ guilds });
  const rates: Record<'one' | 'two', number[]> = { one: [], two: [] };
  const cpu: Record<'one' | 'two', number[]> = { one: [], two: [] };
  try {
    for (let r = 0; r < options.rounds; r++) {
      const order: Array<'one' | 'two'> = r % 2 === 0 ? ['one', 'two'] : ['two', 'one'];
      for (const which of order) {
        const bot =
          which === 'one'
            ? await startBot(emulator, {}, 'bot ready')
            : await startBot(emulator, { SHARD_COUNT: '2' }, 'all shards ready');
        try {
          const result = await modalityOver(emulator, guildIds, 2_000);
          rates[which].push(result.perSecond);
          cpu[which].push(result.cpuMsEach);
        } finally {
          await bot.stop();
        }
      }
    }
  } finally {
    await emulator.close();
  }
  figures['/modality, one process: interactions/s (median)'] = round(median(rates.one), 0);
  figures['/modality, two shards in two processes: interactions/s'] = round(median(rates.two), 0);
  figures['two shards ÷ one (median of rounds)'] = round(median(rates.two) / median(rates.one));
  figures['each round, one / two'] = rates.one.map((v, i) => `${round(v, 0)}/${round(rates.two[i] ?? 0, 0)}`).join(' ');
  figures['bench process CPU per interaction, one / two (ms)'] =
    `${round(median(cpu.one))} / ${round(median(cpu.two))}`;

  for (const count of [1, 100, 1_000]) {
    const made = performance.now();
    const big = generatedGuilds(count, { channels: 50, members: 200 });
    const many = await startEmulator({ guilds: big });
    const createdMs = performance.now() - made;
    try {
      const started = performance.now();
      const bot = await startBot(many, {}, 'bot ready');
      const readyMs = performance.now() - started;
      await sleep(10_000);
      figures[`${count} servers × 50 channels × 200 members: resident MB`] = round(rssMb(bot.pid), 0);
      figures[`  ${count}: emulator built in / bot ready in (ms)`] = `${round(createdMs, 0)} / ${round(readyMs, 0)}`;
      await bot.stop();
    } finally {
      await many.close();
    }
  }
  return figures;
}
