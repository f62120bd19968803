import {
  type Emulator,
  type EmulatorOptions,
  GUILDS_PER_SHARD,
  generatedGuilds,
  shardOf,
  startEmulator,
} from '@healing-library/discord-emulator';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

/**
 * Guild sharding as developers/events/gateway.mdx ("Sharding", "Get Gateway Bot") and
 * developers/topics/opcodes-and-status-codes.mdx (4010, 4011) describe it, spoken to over a raw gateway socket
 * so each test chooses the exact `shard` it identifies with.
 */
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function emulatorWith(options: EmulatorOptions): Promise<Emulator> {
  const emulator = await startEmulator(options);
  cleanup.push(() => emulator.close());
  return emulator;
}

interface Connection {
  /** Dispatches received, by name. */
  events: Array<{ t: string; d: { guild_id?: string; id?: string; guilds?: Array<{ id: string }>; shard?: number[] } }>;
  ready: Promise<void>;
  closed: Promise<number>;
}

function connect(emulator: Emulator, shard?: unknown): Connection {
  const socket = new WebSocket(emulator.gatewayUrl);
  cleanup.push(() => socket.terminate());
  const events: Connection['events'] = [];
  let readyAt: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    readyAt = resolve;
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  socket.on('message', (raw) => {
    const payload = JSON.parse(String(raw));
    if (payload.op === 10) {
      const d = { token: 'Bot x', intents: 1, properties: { os: 'linux', browser: 't', device: 't' } };
      socket.send(JSON.stringify({ op: 2, d: shard === undefined ? d : { ...d, shard } }));
    }
    if (payload.op === 0) {
      events.push({ t: payload.t, d: payload.d });
      if (payload.t === 'READY') setTimeout(readyAt, 50); // the GUILD_CREATEs follow READY at once
    }
  });
  return { events, ready, closed };
}

const guildCreates = (c: Connection) => c.events.filter((e) => e.t === 'GUILD_CREATE').map((e) => e.d.id);
const interactions = (c: Connection) => c.events.filter((e) => e.t === 'INTERACTION_CREATE');

async function recommended(emulator: Emulator): Promise<number> {
  const res = await fetch(`${emulator.apiUrl}/v10/gateway/bot`, { headers: { authorization: 'Bot x' } });
  return ((await res.json()) as { shards: number }).shards;
}

describe('sharding in the emulator', () => {
  it('GET /gateway/bot recommends enough shards for the guilds it holds, 2,500 a shard by default', async () => {
    expect(GUILDS_PER_SHARD).toBe(2500);
    expect(await recommended(await emulatorWith({ guilds: generatedGuilds(5, { channels: 1, members: 1 }) }))).toBe(1);
    const few = await emulatorWith({ guilds: generatedGuilds(5, { channels: 1, members: 1 }), guildsPerShard: 2 });
    expect(await recommended(few)).toBe(3);
    const many = await emulatorWith({ guilds: generatedGuilds(2501, { channels: 1, members: 1 }) });
    expect(await recommended(many)).toBe(2);
  });

  it('places each guild by (guild_id >> 22) % num_shards', () => {
    const [a, b, c] = generatedGuilds(3, { channels: 1, members: 1 });
    expect([a, b, c].map((g) => shardOf(g?.id ?? '', 2))).toEqual([0, 1, 0]);
    expect(shardOf('41771519', 3)).toBe(9 % 3); // 41771519 >> 22 = 9
  });

  it("sends each session only its shard's guilds at READY, and echoes the shard it identified with", async () => {
    const guilds = generatedGuilds(4, { channels: 2, members: 2 });
    const emulator = await emulatorWith({ guilds });
    const zero = connect(emulator, [0, 2]);
    const one = connect(emulator, [1, 2]);
    await Promise.all([zero.ready, one.ready]);
    const ready = (c: Connection) => c.events.find((e) => e.t === 'READY')?.d;
    expect(ready(zero)?.shard).toEqual([0, 2]);
    expect(ready(one)?.guilds?.map((g) => g.id)).toEqual([guilds[1]?.id, guilds[3]?.id]);
    expect(guildCreates(zero)).toEqual([guilds[0]?.id, guilds[2]?.id]);
    expect(guildCreates(one)).toEqual([guilds[1]?.id, guilds[3]?.id]);
    expect(emulator.connectedShards().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it("sends a guild's interactions and events only to its shard, whichever session round-robin would pick", async () => {
    const guilds = generatedGuilds(2, { channels: 1, members: 1 });
    const [even, odd] = guilds.map((g) => ({ guildId: g.id, userId: g.members[0]?.userId }));
    const emulator = await emulatorWith({ guilds, callbackDeadlineMs: 0 });
    const zero = connect(emulator, [0, 2]);
    const one = connect(emulator, [1, 2]);
    await Promise.all([zero.ready, one.ready]);
    for (let i = 0; i < 3; i++) {
      emulator.command({ name: 'x', ...odd, timeoutMs: 60_000 }).catch(() => {});
      emulator.command({ name: 'x', ...even, timeoutMs: 60_000 }).catch(() => {});
    }
    await emulator.waitFor(() => interactions(zero).length + interactions(one).length === 6);
    expect(interactions(one).map((e) => e.d.guild_id)).toEqual([odd?.guildId, odd?.guildId, odd?.guildId]);
    expect(interactions(zero).map((e) => e.d.guild_id)).toEqual([even?.guildId, even?.guildId, even?.guildId]);
    emulator.setRole(odd?.guildId ?? '', odd?.guildId ?? '', { mentionable: true });
    await emulator.waitFor(() => one.events.some((e) => e.t === 'GUILD_ROLE_UPDATE'));
    expect(zero.events.some((e) => e.t === 'GUILD_ROLE_UPDATE')).toBe(false);
  });

  it('sends an interaction without a guild (a button in a DM) to shard 0 only', async () => {
    const guilds = generatedGuilds(2, { channels: 1, members: 1 });
    const userId = guilds[1]?.members[0]?.userId as string;
    const emulator = await emulatorWith({ guilds, callbackDeadlineMs: 0 });
    const one = connect(emulator, [1, 2]);
    const zero = connect(emulator, [0, 2]);
    await Promise.all([zero.ready, one.ready]);
    const call = (path: string, body: unknown) =>
      fetch(`${emulator.apiUrl}/v10${path}`, {
        method: 'POST',
        headers: { authorization: 'Bot x', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((res) => res.json() as Promise<{ id: string }>);
    const dm = await call('/users/@me/channels', { recipient_id: userId });
    const button = { type: 2, style: 2, label: 'Tap', custom_id: 'tap' };
    await call(`/channels/${dm.id}/messages`, { content: 'hi', components: [{ type: 1, components: [button] }] });
    const message = emulator.dmMessages(userId)[0];
    if (!message) throw new Error('no DM');
    for (let i = 0; i < 2; i++)
      emulator.click({ message, customId: 'tap', userId, channelId: dm.id, timeoutMs: 60_000 }).catch(() => {});
    await emulator.waitFor(() => interactions(zero).length === 2);
    expect(interactions(one)).toEqual([]);
  });

  it('keeps an unsharded session as before: every guild, and round-robin with a second one', async () => {
    const guilds = generatedGuilds(2, { channels: 1, members: 1 });
    const emulator = await emulatorWith({ guilds, callbackDeadlineMs: 0 });
    const first = connect(emulator);
    const second = connect(emulator, [0, 1]);
    await Promise.all([first.ready, second.ready]);
    expect(guildCreates(first)).toEqual(guilds.map((g) => g.id));
    expect(first.events.find((e) => e.t === 'READY')?.d.shard).toBeUndefined();
    for (let i = 0; i < 4; i++)
      emulator.command({ name: 'x', guildId: guilds[1]?.id, timeoutMs: 60_000 }).catch(() => {});
    await emulator.waitFor(() => interactions(first).length + interactions(second).length === 4);
    expect([interactions(first).length, interactions(second).length]).toEqual([2, 2]);
  });

  it('closes with 4011 a session that would serve more guilds than a shard may', async () => {
    const emulator = await emulatorWith({ guilds: generatedGuilds(5, { channels: 1, members: 1 }), guildsPerShard: 2 });
    expect(await connect(emulator).closed).toBe(4011);
    expect(await connect(emulator, [0, 2]).closed).toBe(4011); // guilds 0, 2 and 4
    const enough = connect(emulator, [0, 3]);
    await enough.ready;
    expect(guildCreates(enough)).toHaveLength(2);
  });

  it('closes with 4010 a session whose shard is invalid', async () => {
    const emulator = await emulatorWith({ guilds: generatedGuilds(1, { channels: 1, members: 1 }) });
    for (const shard of [[2, 2], [0, 0], [-1, 2], [0], [0.5, 2], 'x'])
      expect(await connect(emulator, shard).closed, JSON.stringify(shard)).toBe(4010);
  });
});
