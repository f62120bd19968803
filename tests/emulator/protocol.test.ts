import {
  type Emulator,
  type EmulatorOptions,
  IDS,
  secondGuild,
  startEmulator,
} from '@healing-library/discord-emulator';
import { type Client, Events, type TextChannel } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startBareClient } from '../../bench/bare-client.js';

const cleanup: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function emulatorWith(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator(options);
  cleanup.push(() => emulator.close());
  return emulator;
}

async function bare(emulator: Emulator): Promise<Client<true>> {
  const client = await startBareClient(emulator.apiUrl);
  cleanup.push(() => client.destroy());
  return client;
}

describe('emulator protocol details', () => {
  it('answers the bare client every time (the benchmark floor)', async () => {
    const emulator = await emulatorWith();
    await bare(emulator);
    const results = await Promise.all(Array.from({ length: 20 }, () => emulator.command({ name: 'anything' })));
    expect(results.every((r) => r.message?.content === 'ok')).toBe(true);
  });

  it('sends each interaction to one session, round-robin over connected clients', async () => {
    const emulator = await emulatorWith();
    const first = await bare(emulator);
    const second = await bare(emulator);
    const seen: [number, number] = [0, 0];
    first.on(Events.InteractionCreate, () => seen[0]++);
    second.on(Events.InteractionCreate, () => seen[1]++);
    const results = await Promise.all(Array.from({ length: 6 }, () => emulator.command({ name: 'x' })));
    expect(new Set(results.map((r) => r.sessionId)).size).toBe(2);
    expect(seen).toEqual([3, 3]);
  });

  it('paces @discordjs/rest with per-route buckets and a global limit, without surfacing 429s', async () => {
    const emulator = await emulatorWith({ rateLimit: { globalPerSecond: 4, perRoute: { limit: 2, windowMs: 200 } } });
    const client = await bare(emulator);
    const channel = client.channels.cache.get(IDS.general) as TextChannel;
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => channel.send({ content: `n${i}`, allowedMentions: { parse: [] } })),
    );
    expect(emulator.channelMessages(IDS.general)).toHaveLength(6);
    // Never more than two posts in any 200 ms window, by the emulator's record of arrivals: the client waited.
    const posts = emulator.requests.filter((r) => r.route === '/channels/{channel_id}/messages');
    expect(posts.length).toBeGreaterThanOrEqual(6);
    for (let i = 2; i < posts.length; i++) {
      expect((posts[i]?.at ?? 0) - (posts[i - 2]?.at ?? 0)).toBeGreaterThanOrEqual(190);
    }
  });

  it('exempts interaction callbacks and follow-ups from the global limit, not other routes', async () => {
    const emulator = await emulatorWith({ rateLimit: { globalPerSecond: 1 } });
    await bare(emulator);
    const results = await Promise.all(Array.from({ length: 5 }, () => emulator.command({ name: 'x' })));
    expect(results.every((r) => r.callback?.type === 4)).toBe(true);
    const post = (path: string, auth: boolean) =>
      fetch(`${emulator.apiUrl}/v10${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: 'Bot x' } : {}) },
        body: JSON.stringify({ content: 'more', allowed_mentions: { parse: [] } }),
      }).then((res) => res.status);
    const followUps = await Promise.all(results.map((r) => post(`/webhooks/${IDS.application}/${r.token}`, false)));
    expect(followUps).toEqual([204, 204, 204, 204, 204]);
    const sends = await Promise.all([1, 2, 3].map(() => post(`/channels/${IDS.general}/messages`, true)));
    // One request a second at most: at least two of the three are refused.
    expect(sends.filter((status) => status === 429).length).toBeGreaterThanOrEqual(2);
  });

  it("rejects a callback after Discord's deadline with 10062 and says so", async () => {
    const emulator = await emulatorWith({ callbackDeadlineMs: 50 });
    const client = await bare(emulator);
    client.removeAllListeners(Events.InteractionCreate);
    let code: unknown;
    client.on(Events.InteractionCreate, async (interaction) => {
      await new Promise((r) => setTimeout(r, 120));
      if (interaction.isChatInputCommand())
        await interaction.reply('late').catch((e: { code?: number }) => (code = e.code));
    });
    await expect(emulator.command({ name: 'slow' })).rejects.toThrow(/deadline/);
    await emulator.waitFor(() => code, { what: 'the late reply to fail' });
    expect(code).toBe(10062);
  });

  it("refuses follow-ups and edits of the reply 15 minutes after the interaction, on Discord's clock (401 50027)", async () => {
    let now = Date.parse('2030-07-01T12:00:00Z');
    const emulator = await emulatorWith({ now: () => now });
    await bare(emulator);
    const result = await emulator.command({ name: 'x' });
    const send = (method: string, path: string) =>
      fetch(`${emulator.apiUrl}/v10/webhooks/${IDS.application}/${result.token}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'later', allowed_mentions: { parse: [] } }),
      }).then(async (res) => ({ status: res.status, code: res.status === 204 ? undefined : (await res.json()).code }));
    now += 15 * 60_000;
    expect(await send('PATCH', '/messages/@original')).toEqual({ status: 200, code: undefined });
    expect(await send('POST', '')).toEqual({ status: 204, code: undefined });
    now += 1;
    const expired = { status: 401, code: 50027 };
    expect(await send('PATCH', '/messages/@original')).toEqual(expired);
    expect(await send('POST', '')).toEqual(expired);
    expect(await send('DELETE', '/messages/@original')).toEqual(expired);
    expect(result.edits).toHaveLength(1);
  });

  it('serves a second guild and answers unknown routes with 404', async () => {
    const emulator = await emulatorWith({ guilds: [secondGuild()] });
    const client = await bare(emulator);
    expect(client.guilds.cache.map((g) => g.id)).toEqual([IDS.secondGuild]);
    const res = await fetch(`${emulator.apiUrl}/v10/nowhere`, { headers: { authorization: 'Bot x' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: '404: Not Found', code: 0 });
    expect(emulator.requests.at(-1)?.path).toBe('/nowhere');
  });
});
