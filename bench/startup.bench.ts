import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { botEnvironment, startEmulator } from '@healing-library/discord-emulator';
import { buildOnce } from './built.js';
import { median, round } from './stats.js';

const root = new URL('..', import.meta.url).pathname;
/**
 * How long started processes are left alone, at most, before their idle memory is read. V8 gives back the young
 * generation a start-up grew only when its memory reducer runs (here 30 to 60 s after start, and at the latest
 * within 100 s); until then resident memory overstates what an idle bot holds.
 */
const IDLE_MAX_MS = 100_000;
/** How long the CPU time of each idle process is counted, once its memory has settled. */
const IDLE_CPU_MS = 10_000;
/** The unit of /proc's CPU times: clock ticks a second. */
const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** What every floor does first: load discord.js and better-sqlite3 (its native addon loads with the first database). */
const LOAD = `
import 'discord.js';
import Database from 'better-sqlite3';
new Database(':memory:').close();
`;

/** What every floor does last: say it is ready, then idle. */
const READY = `
console.log('ready');
setInterval(() => {}, 60_000);
`;

/**
 * The design card's packages for scheduling and validation, used as the bot uses them at start: node-cron schedules a
 * task (which reads ICU's time-zone data through Intl.DateTimeFormat) and zod parses.
 */
const CARD = `
const cron = await import('node-cron');
cron.schedule('*/15 * * * * *', () => {});
const { z } = await import('zod');
z.object({ token: z.string().min(1), shards: z.coerce.number().int() }).parse({ token: 't', shards: '1' });
`;

/** The other packages the bot loads at start (logging, metrics, time zones, front matter), each used once. */
const OTHER_PACKAGES = `
(await import('pino')).default({ level: 'info' }, { write() {} }).info('started');
const metrics = await import('prom-client');
metrics.collectDefaultMetrics();
(await import('luxon')).DateTime.now().setZone('Europe/Paris').toISO();
(await import('yaml')).parse('title: Reiki');
`;

/** The floor the memory target is relative to: a process that only loads discord.js and better-sqlite3. */
const FLOOR = LOAD + READY;
/** What the design card costs before any code of the bot's own. */
const CARD_FLOOR = LOAD + CARD + READY;
const PACKAGES_FLOOR = LOAD + CARD + OTHER_PACKAGES + READY;

interface Start {
  readyMs: number;
  idleMb: number;
  /** The parts of idleMb: the process's own memory, and the pages of files it maps (node's binary, ICU's data). */
  anonymousMb: number;
  fileMb: number;
  peakMb: number;
  /** CPU time spent while idle, milliseconds a second (timers, the metrics' event-loop sampling, the scheduler). */
  idleCpuMs: number;
}

/** CPU time (user and system) a process has used so far, in ms: /proc/<pid>/stat's utime and stime (Linux). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const [utime, stime] = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .slice(11, 13)
    .map(Number);
  return (((utime ?? 0) + (stime ?? 0)) * 1000) / TICKS_PER_SECOND;
}

/**
 * VmRSS is the resident memory now, RssAnon and RssFile its private and file-backed parts; VmHWM its highest so far
 * (Linux). File-backed pages (node's own code, ICU's data, read when Intl is first used) are shared by every node
 * process on the machine and given back under pressure.
 */
function memoryOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024;
  return { rssMb: mb('VmRSS'), anonymousMb: mb('RssAnon'), fileMb: mb('RssFile'), peakMb: mb('VmHWM') };
}

interface Running {
  readyMs: number;
  /** The most it held since it was ready: memory at idle is read once it has fallen a tenth below this. */
  highestMb: number;
  pid: number;
  stop(): Promise<unknown>;
}

/** Starts one process and times it from spawn to its ready line; it keeps running until stopped (SIGTERM). */
async function start(args: string[], env: Record<string, string>, readyLine: string): Promise<Running> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const readyMs = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes(readyLine)) resolve(performance.now() - started);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('exit', () => reject(new Error(`exited before "${readyLine}":\n${output}`)));
  });
  const pid = child.pid as number;
  return {
    readyMs,
    highestMb: memoryOf(pid).rssMb,
    pid,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * One round: each subject started in turn (timed to ready) and left running; once every bot has given back what its
 * start-up grew (or IDLE_MAX_MS passed), the memory of each is read and its CPU time counted for IDLE_CPU_MS, then
 * all stop.
 */
async function oneRound(subjects: Record<string, () => Promise<Running>>): Promise<Record<string, Start>> {
  const running: Record<string, Running> = {};
  try {
    for (const [name, run] of Object.entries(subjects)) running[name] = await run();
    const bots = Object.entries(running).filter(([name]) => !name.startsWith('floor'));
    const deadline = Date.now() + IDLE_MAX_MS;
    for (;;) {
      await sleep(1_000);
      const settled = bots.every(([, bot]) => {
        const now = memoryOf(bot.pid).rssMb;
        bot.highestMb = Math.max(bot.highestMb, now);
        return now < 0.9 * bot.highestMb;
      });
      if (settled || Date.now() > deadline) break;
    }
    const memory = Object.values(running).map((each) => memoryOf(each.pid));
    const cpuBefore = Object.values(running).map((each) => cpuMsOf(each.pid));
    await sleep(IDLE_CPU_MS);
    return Object.fromEntries(
      Object.entries(running).map(([name, each], index) => {
        const { rssMb, anonymousMb, fileMb, peakMb } = memory[index] as ReturnType<typeof memoryOf>;
        const idleCpuMs = (cpuMsOf(each.pid) - (cpuBefore[index] as number)) / (IDLE_CPU_MS / 1000);
        return [name, { readyMs: each.readyMs, idleMb: rssMb, anonymousMb, fileMb, peakMb, idleCpuMs }];
      }),
    );
  } finally {
    await Promise.all(Object.values(running).map((each) => each.stop()));
  }
}

/**
 * Start-up of `npm start` (the compiled build, linked into one file, with plain node), of tsc's output before it is
 * linked, and of the tsx way (`npm run dev`) against the emulator, each from process start to "bot ready", with the memory it holds when idle and its peak. The floor is
 * a process that only loads discord.js and better-sqlite3. Rounds alternate them after one untimed warm-up each
 * (which fills tsx's transform cache and builds each database, so every timed start is a restart); tsx is also
 * timed without its cache, as on the first start after a deploy or a reboot.
 */
export async function benchStartup(options: { rounds: number }) {
  buildOnce();
  const emulator = await startEmulator();
  const folder = mkdtempSync(join(tmpdir(), 'healing-bench-startup-'));
  const bot = (name: string) => ({
    ...botEnvironment(emulator),
    DATABASE_PATH: join(folder, `${name}.sqlite`),
    CONTENT_DIR: join(root, 'content'),
  });
  const subjects = {
    floor: () => start(['--input-type=module', '--eval', FLOOR], {}, 'ready'),
    floorCard: () => start(['--input-type=module', '--eval', CARD_FLOOR], {}, 'ready'),
    floorPackages: () => start(['--input-type=module', '--eval', PACKAGES_FLOOR], {}, 'ready'),
    compiled: () => start(['dist/bot/main.js'], bot('compiled'), 'bot ready'),
    // tsc's output before it is linked: what the link step itself saves.
    unlinked: () => start(['dist/src/main.js'], bot('unlinked'), 'bot ready'),
    tsx: () => start(['--import', 'tsx/esm', 'src/main.ts'], bot('tsx'), 'bot ready'),
    // The first start after a deploy or a reboot: tsx compiles every file again.
    tsxCold: () =>
      start(['--import', 'tsx/esm', 'src/main.ts'], { ...bot('tsx-cold'), TSX_DISABLE_CACHE: '1' }, 'bot ready'),
  };
  const rounds: Record<keyof typeof subjects, Start>[] = [];
  try {
    for (const run of Object.values(subjects)) await (await run()).stop();
    for (let index = 0; index < options.rounds; index++) {
      rounds.push((await oneRound(subjects)) as Record<keyof typeof subjects, Start>);
    }
  } finally {
    await emulator.close();
    rmSync(folder, { recursive: true, force: true });
  }
  const of = (name: keyof typeof subjects, figure: keyof Start) => median(rounds.map((each) => each[name][figure]));
  const megabytes = (figure: keyof Start) =>
    (['floor', 'compiled', 'unlinked', 'tsx'] as const).map((name) => round(of(name, figure), 0)).join(' / ');
  return {
    'start to "bot ready" ms: compiled / tsx': `${round(of('compiled', 'readyMs'), 0)} / ${round(of('tsx', 'readyMs'), 0)}`,
    'compiled start ÷ tsx start (target ≤ 0.5)': round(of('compiled', 'readyMs') / of('tsx', 'readyMs')),
    'tsc output not linked ms (compiled ÷ it)': `${round(of('unlinked', 'readyMs'), 0)} (${round(of('compiled', 'readyMs') / of('unlinked', 'readyMs'))})`,
    'tsx without its transform cache ms (compiled ÷ it)': `${round(of('tsxCold', 'readyMs'), 0)} (${round(of('compiled', 'readyMs') / of('tsxCold', 'readyMs'))})`,
    'floor: loading discord.js and better-sqlite3 ms': round(of('floor', 'readyMs'), 0),
    'idle RSS MB: floor / compiled / not linked / tsx': megabytes('idleMb'),
    'compiled idle RSS ÷ floor (target ≤ 1.15)': round(of('compiled', 'idleMb') / of('floor', 'idleMb')),
    'floor with node-cron and zod (the card), and with all start-up packages: idle MB (÷ floor)': (
      ['floorCard', 'floorPackages'] as const
    )
      .map((name) => {
        const idle = of(name, 'idleMb');
        return `${round(idle, 0)} (${round(idle / of('floor', 'idleMb'))})`;
      })
      .join(' / '),
    'compiled idle RSS ÷ floor with all start-up packages': round(
      of('compiled', 'idleMb') / of('floorPackages', 'idleMb'),
    ),
    'idle RSS, anonymous + file-backed MB: floor / the card / compiled': (['floor', 'floorCard', 'compiled'] as const)
      .map((name) => `${round(of(name, 'anonymousMb'), 0)} + ${round(of(name, 'fileMb'), 0)}`)
      .join(' / '),
    'peak RSS MB: floor / compiled / not linked / tsx': megabytes('peakMb'),
    'idle CPU ms a second: floor / compiled': `${round(of('floor', 'idleCpuMs'), 1)} / ${round(of('compiled', 'idleCpuMs'), 1)}`,
  };
}
